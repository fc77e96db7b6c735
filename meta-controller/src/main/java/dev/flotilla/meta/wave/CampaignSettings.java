package dev.flotilla.meta.wave;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * How a campaign moves through its plan, with amounts already resolved against its target count.
 *
 * @param maxConcurrency targets in flight at once; null for unlimited
 * @param maxFailures failed targets tolerated: the budget is spent when failures exceed it
 * @param approvalWaves wave numbers (canary = 0) that wait for an approval before they start
 * @param analysis what each wave must pass before the campaign leaves it; null for none
 */
public record CampaignSettings(Integer maxConcurrency, int maxFailures, FailurePolicy onFailure,
        UnreachablePolicy unreachable, int soakSeconds, Set<Integer> approvalWaves, AnalysisSpec analysis) {

    public CampaignSettings {
        onFailure = onFailure == null ? FailurePolicy.PAUSE : onFailure;
        unreachable = unreachable == null ? UnreachablePolicy.WAIT : unreachable;
        approvalWaves = approvalWaves == null ? Set.of() : Set.copyOf(new TreeSet<>(approvalWaves));
    }

    /** Resolves operator amounts against the number of targets: concurrency rounds up, the failure budget down. */
    public static CampaignSettings resolve(int targets, Amount maxConcurrency, Amount maxFailures,
            FailurePolicy onFailure, UnreachablePolicy unreachable, Integer soakSeconds, List<Integer> approvals,
            AnalysisSpec analysis) {
        Integer concurrency = maxConcurrency == null ? null : Math.max(1, maxConcurrency.ceilOf(targets));
        int failures = maxFailures == null ? 0 : maxFailures.floorOf(targets);
        return new CampaignSettings(concurrency, failures, onFailure, unreachable,
                soakSeconds == null ? 0 : soakSeconds, approvals == null ? Set.of() : Set.copyOf(approvals), analysis);
    }
}
