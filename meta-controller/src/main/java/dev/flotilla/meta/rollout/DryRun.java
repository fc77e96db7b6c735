package dev.flotilla.meta.rollout;

import java.util.List;

/**
 * The plan a rollout would follow, without starting it.
 *
 * @param estimatedSeconds see {@code estimateBasis}
 */
record DryRun(boolean dryRun, String application, Integer revision, int targets, List<Wave> waves,
        Integer maxConcurrency, int maxFailures, long estimatedSeconds, String estimateBasis) {

    /**
     * A planned wave: its target count and up to ten of its clusters, in dispatch order; {@code analysis}, the
     * queries its analysis will run before the rollout leaves it (empty without analysis).
     */
    record Wave(int index, String name, int targets, List<String> firstClusters, boolean approvalBefore,
            List<String> analysis) {
    }
}
