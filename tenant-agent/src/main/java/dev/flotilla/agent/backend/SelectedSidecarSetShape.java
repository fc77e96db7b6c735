package dev.flotilla.agent.backend;

import dev.flotilla.api.agent.ClusterStrategy;
import dev.flotilla.api.agent.Observed;
import java.util.List;
import java.util.Map;

/**
 * A SidecarSet whose {@code updateStrategy.selector} picks the pods to update. Kruise's webhook refuses a partition
 * next to that selector (any string, or an integer other than 0: {@code validateSidecarSetUpdateStrategy} in
 * {@code pkg/webhook/sidecarset/validating}), so the rollout is held with {@code updateStrategy.paused} instead and
 * released as one batch: the single partition key reads {@link #HOLD_ALL} while paused and 0 once released.
 */
final class SelectedSidecarSetShape implements WorkloadShape {

    static final String ONE_BATCH = "one batch: a SidecarSet with updateStrategy.selector takes no partition in "
            + "Kruise, so it is held with updateStrategy.paused and released at once";
    private static final String PAUSED = "spec.updateStrategy.paused";

    private final SinglePartitionShape counters = SinglePartitionShape.SIDECAR_SET;
    /** The matched pods the update selector picks, or -1 when the pods could not be listed. */
    private final int podsToUpdate;

    SelectedSidecarSetShape(int podsToUpdate) {
        this.podsToUpdate = podsToUpdate;
    }

    /**
     * How many of the SidecarSet's pods (those its {@code spec.selector} matches, by name) the update selector picks:
     * only those are ever updated ({@code GetNextUpgradePods} in {@code pkg/controller/sidecarset/
     * sidecarset_strategy.go}), so only they can complete the batch; -1 when no pod was listed.
     */
    static int podsToUpdate(Map<String, Object> manifest, Map<String, Map<String, String>> podLabels) {
        if (podLabels.isEmpty()) {
            return -1;
        }
        Map<String, Object> selector = FieldPaths.map(manifest, "spec.updateStrategy.selector");
        return (int) podLabels.values().stream().filter(labels -> LabelSelectors.matches(selector, labels)).count();
    }

    /** Whether a SidecarSet manifest selects the pods to update (and so cannot take a partition). */
    static boolean selects(Map<String, Object> manifest) {
        return manifest != null && FieldPaths.get(manifest, "spec.updateStrategy.selector") != null;
    }

    @Override
    public String singleBatchReason() {
        return ONE_BATCH;
    }

    @Override
    public List<String> keys(Map<String, Object> object) {
        return List.of(WHOLE);
    }

    @Override
    public Map<String, Integer> replicas(Map<String, Object> object) {
        int matched = counters.replicas(object).get(WHOLE);
        return Map.of(WHOLE, podsToUpdate < 0 ? matched : Math.min(matched, podsToUpdate));
    }

    @Override
    public int holdPartition(int replicas) {
        return HOLD_ALL;
    }

    @Override
    public Map<String, Integer> partitions(Map<String, Object> object) {
        return Map.of(WHOLE, Boolean.TRUE.equals(FieldPaths.get(object, PAUSED)) ? HOLD_ALL : 0);
    }

    @Override
    public Map<String, Object> partitionPatch(Map<String, Integer> partitions) {
        return FieldPaths.patchOf(PAUSED, partitions.get(WHOLE) > 0);
    }

    /** The pause switch is the hold itself, so the driver never sees it as an operator's pause to lift. */
    @Override
    public boolean paused(Map<String, Object> object) {
        return false;
    }

    /**
     * Pausing needs no write: before the one batch is released the hold already pauses it, and once released there
     * is no later batch boundary to stop at.
     */
    @Override
    public Map<String, Object> pausedPatch(boolean paused) {
        return paused ? Map.of() : FieldPaths.patchOf(PAUSED, false);
    }

    @Override
    public void shape(Map<String, Object> manifest, ClusterStrategy strategy, Map<String, Integer> partitions,
            boolean paused) {
        FieldPaths.remove(manifest, "spec.updateStrategy.partition");
        FieldPaths.set(manifest, PAUSED, paused || partitions.get(WHOLE) > 0);
        if (strategy != null && strategy.maxUnavailable() != null) {
            FieldPaths.set(manifest, "spec.updateStrategy.maxUnavailable",
                    SinglePartitionShape.intOrString(strategy.maxUnavailable()));
        }
    }

    @Override
    public Progress progress(Workload workload) {
        return counters.progress(workload);
    }

    @Override
    public Observed observed(Workload workload) {
        return counters.observed(workload);
    }
}
