package dev.flotilla.agent.config;

import dev.flotilla.agent.backend.ApplyResult;
import dev.flotilla.agent.backend.ClusterBackend;
import dev.flotilla.agent.backend.DeleteResult;
import dev.flotilla.agent.backend.ObjectRef;
import dev.flotilla.agent.backend.PatchResult;
import dev.flotilla.agent.backend.PodState;
import dev.flotilla.agent.backend.Scope;
import dev.flotilla.agent.backend.Workload;
import dev.flotilla.agent.backend.WorkloadRef;
import dev.flotilla.api.agent.ClusterFacts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Counts what the agent writes to its cluster: applies (and which ones failed, and how) and batch steps (every
 * merge patch that moves a partition opens or finishes a batch; pause toggles are not batches).
 */
final class MeteredBackend implements ClusterBackend {

    private final ClusterBackend backend;
    private final Counter applied;
    private final Counter conflicts;
    private final Counter rejected;
    private final Counter failed;
    private final Counter batchSteps;

    MeteredBackend(ClusterBackend backend, MeterRegistry registry) {
        this.backend = backend;
        this.applied = Counter.builder("flotilla.agent.applies")
                .description("Manifests applied (workloads and bundle resources)")
                .register(registry);
        this.conflicts = error(registry, "conflict");
        this.rejected = error(registry, "rejected");
        this.failed = error(registry, "api-error");
        this.batchSteps = Counter.builder("flotilla.agent.batch.steps")
                .description("Partition changes written: each one moves a workload to its next batch")
                .register(registry);
    }

    private static Counter error(MeterRegistry registry, String reason) {
        return Counter.builder("flotilla.agent.apply.errors").tag("reason", reason)
                .description("Applies that did not go in: conflict (applied again), rejected (the work item fails),"
                        + " api-error (retried on the next pass)")
                .register(registry);
    }

    @Override
    public ApplyResult apply(WorkloadRef ref, Map<String, Object> manifest) {
        return counted(() -> backend.apply(ref, manifest));
    }

    /** Counts an apply by its answer (or as failed when it threw). */
    private ApplyResult counted(java.util.function.Supplier<ApplyResult> apply) {
        ApplyResult result;
        try {
            result = apply.get();
        } catch (RuntimeException e) {
            failed.increment();
            throw e;
        }
        (result instanceof ApplyResult.Applied ? applied
                : result instanceof ApplyResult.Conflict ? conflicts : rejected).increment();
        return result;
    }

    @Override
    public PatchResult patch(WorkloadRef ref, Map<String, Object> mergePatch) {
        PatchResult result = backend.patch(ref, mergePatch);
        if (result instanceof PatchResult.Patched && movesPartition(mergePatch)) {
            batchSteps.increment();
        }
        return result;
    }

    /** Whether a merge patch sets a partition (CloneSet, StatefulSet, SidecarSet) or partitions (UnitedDeployment). */
    static boolean movesPartition(Map<?, ?> patch) {
        return patch.entrySet().stream().anyMatch(e -> "partition".equals(e.getKey())
                || "partitions".equals(e.getKey()) || (e.getValue() instanceof Map<?, ?> inner && movesPartition(inner)));
    }

    @Override
    public Optional<Workload> read(WorkloadRef ref) {
        return backend.read(ref);
    }

    @Override
    public ClusterFacts facts() {
        return backend.facts();
    }

    @Override
    public Map<String, Map<String, String>> podLabels(WorkloadRef ref) {
        return backend.podLabels(ref);
    }

    @Override
    public void delete(WorkloadRef ref) {
        backend.delete(ref);
    }

    @Override
    public List<PodState> podStates(WorkloadRef ref) {
        return backend.podStates(ref);
    }

    @Override
    public Map<String, Boolean> etcdLeadership(WorkloadRef ref) {
        return backend.etcdLeadership(ref);
    }

    @Override
    public void labelPods(WorkloadRef ref, Map<String, Map<String, String>> labelsByPod) {
        backend.labelPods(ref, labelsByPod);
    }

    @Override
    public Scope scope(String apiVersion, String kind) {
        return backend.scope(apiVersion, kind);
    }

    @Override
    public ApplyResult applyObject(ObjectRef ref, Map<String, Object> manifest) {
        return counted(() -> backend.applyObject(ref, manifest));
    }

    @Override
    public Optional<Map<String, Object>> readObject(ObjectRef ref) {
        return backend.readObject(ref);
    }

    @Override
    public DeleteResult deleteObject(ObjectRef ref) {
        return backend.deleteObject(ref);
    }

    @Override
    public String inventoryNamespace() {
        return backend.inventoryNamespace();
    }

    @Override
    public void onChange(Runnable listener) {
        backend.onChange(listener);
    }

    @Override
    public void close() {
        backend.close();
    }
}
