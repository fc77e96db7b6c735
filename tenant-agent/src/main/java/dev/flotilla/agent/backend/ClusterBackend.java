package dev.flotilla.agent.backend;

import dev.flotilla.api.agent.ClusterFacts;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One tenant cluster as the agent sees it. Calls are synchronous and cheap to repeat: reads come from a cache
 * (informers, or the in-memory model), so the reconciler can be level-triggered.
 */
public interface ClusterBackend extends AutoCloseable {

    /** The field manager of every write the agent makes. */
    String FIELD_MANAGER = "flotilla-agent";

    /** The label on every workload the agent applies ({@code = FIELD_MANAGER}); informers select on it. */
    String MANAGED_BY = "app.kubernetes.io/managed-by";

    /** Creates or updates the workload so that it holds the manifest's fields. */
    ApplyResult apply(WorkloadRef ref, Map<String, Object> manifest);

    /** The workload as last seen, with its status. */
    Optional<Workload> read(WorkloadRef ref);

    /** Applies a JSON merge patch (partition, paused, update strategy) to the workload. */
    PatchResult patch(WorkloadRef ref, Map<String, Object> mergePatch);

    /**
     * Deletes the workload, its pods collected in the background; a workload that is not there is no error. Used
     * for BroadcastJob, which Kruise never runs again for a new template: a new revision needs a new job.
     */
    void delete(WorkloadRef ref);

    /** Versions, nodes and zones of the cluster. */
    ClusterFacts facts();

    /**
     * The labels of the workload's pods (those its {@code spec.selector} matches), by pod name ({@code
     * namespace/name} for a cluster-scoped SidecarSet, whose pods are in every namespace); empty when the backend
     * cannot list them.
     */
    Map<String, Map<String, String>> podLabels(WorkloadRef ref);

    /**
     * Asks each etcd member pod of the workload whether it leads its raft group: {@code true} for the leader,
     * {@code false} for a follower. Members that do not answer (not running, not reachable) are left out.
     */
    Map<String, Boolean> etcdLeadership(WorkloadRef ref);

    /**
     * The states of the workload's pods (those its {@code spec.selector} matches), for the agent's health checks;
     * empty when the backend cannot list them.
     */
    default List<PodState> podStates(WorkloadRef ref) {
        return List.of();
    }

    /** Sets these labels on these pods of the workload's namespace (a merge: other labels stay). */
    void labelPods(WorkloadRef ref, Map<String, Map<String, String>> labelsByPod);

    /**
     * Whether objects of {@code kind} at {@code apiVersion} live in a namespace, as the cluster serves the kind
     * ({@link Scope#UNKNOWN} when it does not serve it, e.g. before its CRD is established).
     */
    default Scope scope(String apiVersion, String kind) {
        throw new UnsupportedOperationException("this backend applies Kruise workloads only");
    }

    /**
     * Creates or updates an object of any kind (a bundle's other resources) so that it holds the manifest's fields,
     * under the agent's field manager. {@link ApplyResult.Applied} carries the object as the cluster answered.
     */
    default ApplyResult applyObject(ObjectRef ref, Map<String, Object> manifest) {
        throw new UnsupportedOperationException("this backend applies Kruise workloads only");
    }

    /**
     * The object as the cluster holds it now (read from the API server, not a cache), or empty; an
     * {@link ObjectRefused} when the API server forbids reading it.
     */
    default Optional<Map<String, Object>> readObject(ObjectRef ref) {
        throw new UnsupportedOperationException("this backend applies Kruise workloads only");
    }

    /**
     * Asks the cluster to delete the object, dependents collected in the background; an object that is not there
     * is no error. The object may stay a while (finalizers, a terminating Namespace): {@link #readObject} tells.
     */
    default DeleteResult deleteObject(ObjectRef ref) {
        throw new UnsupportedOperationException("this backend applies Kruise workloads only");
    }

    /** The namespace of the agent's own bookkeeping objects (the inventories of the applications it applied). */
    default String inventoryNamespace() {
        return "flotilla-system";
    }

    /** Calls {@code listener} when a watched workload changes (may never call it: the reconciler also ticks). */
    default void onChange(Runnable listener) {
    }

    @Override
    default void close() {
    }
}
