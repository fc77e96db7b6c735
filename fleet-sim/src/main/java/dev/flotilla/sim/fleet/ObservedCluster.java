package dev.flotilla.sim.fleet;

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
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A cluster backend that notes when each workload's manifest last changed: the moment the agent first acted on new
 * work, which the benchmark compares with the wave's start to measure dispatch latency.
 */
final class ObservedCluster implements ClusterBackend {

    private record Applied(int manifestHash, long firstAppliedAt) {
    }

    private final ClusterBackend delegate;
    private final Map<String, Applied> applied = new ConcurrentHashMap<>(2);
    private volatile boolean failing;
    private final AtomicLong failedWrites = new AtomicLong();

    ObservedCluster(ClusterBackend delegate) {
        this.delegate = delegate;
    }

    /**
     * Makes the cluster's API server answer every write with 500 (Internal Server Error) until told otherwise, as an
     * overloaded or half-upgraded API server does; reads keep coming from the agent's cache, as informers' do.
     */
    void failWrites(boolean fail) {
        failing = fail;
    }

    /** Writes answered with 500 so far. */
    long failedWrites() {
        return failedWrites.get();
    }

    private void maybeFail(String verb, WorkloadRef ref) {
        maybeFail(verb, ref.name());
    }

    private void maybeFail(String verb, String name) {
        if (failing) {
            failedWrites.incrementAndGet();
            Status status = new StatusBuilder().withCode(500).withReason("InternalError")
                    .withMessage("Internal error occurred: " + verb + " " + name).build();
            throw new KubernetesClientException(status);
        }
    }

    @Override
    public ApplyResult apply(WorkloadRef ref, Map<String, Object> manifest) {
        maybeFail("apply", ref);
        // the template, not the whole spec: re-applies with other partitions are the same work
        Object spec = manifest.get("spec");
        Object template = spec instanceof Map<?, ?> m && m.get("template") != null ? m.get("template") : spec;
        int hash = Objects.hashCode(template);
        applied.compute(ref.name(), (name, last) -> last != null && last.manifestHash() == hash ? last
                : new Applied(hash, System.currentTimeMillis()));
        return delegate.apply(ref, manifest);
    }

    /** When a new manifest of the workload was first applied (epoch millis), or empty if never. */
    Optional<Long> firstAppliedAt(String workload) {
        return Optional.ofNullable(applied.get(workload)).map(Applied::firstAppliedAt);
    }

    @Override
    public Optional<Workload> read(WorkloadRef ref) {
        return delegate.read(ref);
    }

    @Override
    public PatchResult patch(WorkloadRef ref, Map<String, Object> mergePatch) {
        maybeFail("patch", ref);
        return delegate.patch(ref, mergePatch);
    }

    @Override
    public void delete(WorkloadRef ref) {
        delegate.delete(ref);
    }

    @Override
    public ClusterFacts facts() {
        return delegate.facts();
    }

    @Override
    public Map<String, Map<String, String>> podLabels(WorkloadRef ref) {
        return delegate.podLabels(ref);
    }

    @Override
    public List<PodState> podStates(WorkloadRef ref) {
        return delegate.podStates(ref);
    }

    @Override
    public Map<String, Boolean> etcdLeadership(WorkloadRef ref) {
        return delegate.etcdLeadership(ref);
    }

    @Override
    public void labelPods(WorkloadRef ref, Map<String, Map<String, String>> labelsByPod) {
        maybeFail("label pods of", ref);
        delegate.labelPods(ref, labelsByPod);
    }

    @Override
    public Scope scope(String apiVersion, String kind) {
        return delegate.scope(apiVersion, kind);
    }

    @Override
    public ApplyResult applyObject(ObjectRef ref, Map<String, Object> manifest) {
        maybeFail("apply", ref.name());
        return delegate.applyObject(ref, manifest);
    }

    @Override
    public Optional<Map<String, Object>> readObject(ObjectRef ref) {
        return delegate.readObject(ref);
    }

    @Override
    public DeleteResult deleteObject(ObjectRef ref) {
        maybeFail("delete", ref.name());
        return delegate.deleteObject(ref);
    }

    @Override
    public String inventoryNamespace() {
        return delegate.inventoryNamespace();
    }

    @Override
    public void onChange(Runnable listener) {
        delegate.onChange(listener);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
