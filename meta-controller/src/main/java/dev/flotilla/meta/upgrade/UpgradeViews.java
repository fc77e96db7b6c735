package dev.flotilla.meta.upgrade;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** What the upgrade endpoints answer. */
public final class UpgradeViews {

    private UpgradeViews() {
    }

    /**
     * When the first step could start: a cluster without a maintenance window may be upgraded at any time.
     *
     * @param earliestStepStart the earliest start at which one step fits in a window, null when none is long enough
     */
    public record Schedule(boolean windowed, boolean openNow, Instant earliestStepStart, String stepEstimate) {
    }

    /** A dry run's answer: the plan as it would be stored. */
    public record PlanView(String cluster, MinorVersion from, MinorVersion to, boolean dryRun,
            PreflightResult.Report preflight, List<UpgradePlan.Hop> hops, int steps, String estimate,
            Schedule schedule) {
    }

    /** A stored upgrade; {@code hops} is the plan as decided when it was requested (absent in lists). */
    public record UpgradeView(long id, String cluster, String from, String to, UpgradeState state, boolean forced,
            String requestedBy, PreflightResult.Report preflight, JsonNode hops, Instant createdAt,
            Instant startedAt, Instant finishedAt) {
    }

    /** A page of upgrades, newest first; pass {@code nextBefore} as {@code before} for the next page. */
    public record UpgradePage(List<UpgradeView> items, Long nextBefore) {
    }
}
