package dev.flotilla.agent.backend;

import dev.flotilla.api.agent.ClusterStrategy;
import dev.flotilla.api.agent.Observed;
import dev.flotilla.api.agent.WorkloadKind;
import java.util.List;
import java.util.Map;

/**
 * Where a Kruise kind keeps its partition, pause switch, update strategy and status counters. Partitions are keyed:
 * {@code ""} for kinds with one partition, the subset name for a UnitedDeployment.
 */
public interface WorkloadShape {

    /** The single partition key of CloneSet, Advanced StatefulSet and SidecarSet. */
    String WHOLE = "";

    /** A SidecarSet is held with "100%" because its pod count is only known to the controller. */
    int HOLD_ALL = Integer.MAX_VALUE;

    static WorkloadShape of(WorkloadKind kind) {
        return switch (kind) {
            case CloneSet -> SinglePartitionShape.CLONE_SET;
            case StatefulSet -> SinglePartitionShape.ADVANCED_STATEFUL_SET;
            case SidecarSet -> SinglePartitionShape.SIDECAR_SET;
            case UnitedDeployment -> new UnitedDeploymentShape();
            case BroadcastJob -> new BroadcastJobShape();
        };
    }

    /**
     * The shape of a work item's workload: as {@link #of(WorkloadKind)}, except that a SidecarSet with an
     * {@code updateStrategy.selector} is held by its pause switch, since Kruise refuses a partition next to it.
     */
    static WorkloadShape of(WorkloadKind kind, Map<String, Object> manifest) {
        return of(kind, manifest, Map.of());
    }

    /**
     * As {@link #of(WorkloadKind, Map)}, with the labels of the workload's pods: a SidecarSet with an update
     * selector updates only the pods it picks, so a batch is complete once those are updated.
     */
    static WorkloadShape of(WorkloadKind kind, Map<String, Object> manifest,
            Map<String, Map<String, String>> podLabels) {
        if (selectsPodsToUpdate(kind, manifest)) {
            return new SelectedSidecarSetShape(SelectedSidecarSetShape.podsToUpdate(manifest, podLabels));
        }
        return of(kind);
    }

    /** Whether the workload updates only the pods an update selector picks (a SidecarSet with one). */
    static boolean selectsPodsToUpdate(WorkloadKind kind, Map<String, Object> manifest) {
        return kind == WorkloadKind.SidecarSet && SelectedSidecarSetShape.selects(manifest);
    }

    /** Why this workload is rolled out in one batch whatever the strategy's batches say, or null when it is not. */
    default String singleBatchReason() {
        return null;
    }

    /** Whether the kind is stepped by lowering partitions (all but BroadcastJob). */
    default boolean partitioned() {
        return true;
    }

    /** The partition keys in rollout order (the subset order of a UnitedDeployment). */
    List<String> keys(Map<String, Object> object);

    /** Pods per partition key: what the controller counts if it has said, else what the object asks for. */
    Map<String, Integer> replicas(Map<String, Object> object);

    /** The partition that keeps all {@code replicas} pods at the old revision. */
    default int holdPartition(int replicas) {
        return replicas;
    }

    /** The partitions on the object's spec, as absolute pod counts. */
    Map<String, Integer> partitions(Map<String, Object> object);

    Map<String, Object> partitionPatch(Map<String, Integer> partitions);

    boolean paused(Map<String, Object> object);

    /** A merge patch setting the kind's pause switch, empty when the kind has none. */
    Map<String, Object> pausedPatch(boolean paused);

    /** Writes the cluster strategy, the partitions and the pause switch into a copy of the manifest. */
    void shape(Map<String, Object> manifest, ClusterStrategy strategy, Map<String, Integer> partitions, boolean paused);

    Progress progress(Workload workload);

    Observed observed(Workload workload);

    /** The message of the first True failure condition (or failed pods) in the status, or null. */
    static String failureCondition(Map<String, Object> status) {
        if (!(status.get("conditions") instanceof List<?> conditions)) {
            return null;
        }
        for (Object c : conditions) {
            if (c instanceof Map<?, ?> condition && "True".equals(String.valueOf(condition.get("status")))
                    && String.valueOf(condition.get("type")).matches("Failed.*|SubsetFailure")) {
                return condition.get("type") + ": " + condition.get("message");
            }
        }
        return null;
    }
}
