package dev.flotilla.agent.backend;

import dev.flotilla.api.agent.ClusterStrategy;
import dev.flotilla.api.agent.Observed;
import java.util.List;
import java.util.Map;

/** BroadcastJob: a pod per node, no partition; progress is succeeded of desired. */
final class BroadcastJobShape implements WorkloadShape {

    @Override
    public boolean partitioned() {
        return false;
    }

    @Override
    public List<String> keys(Map<String, Object> object) {
        return List.of();
    }

    @Override
    public Map<String, Integer> replicas(Map<String, Object> object) {
        return Map.of();
    }

    @Override
    public Map<String, Integer> partitions(Map<String, Object> object) {
        return Map.of();
    }

    @Override
    public Map<String, Object> partitionPatch(Map<String, Integer> partitions) {
        return Map.of();
    }

    @Override
    public boolean paused(Map<String, Object> object) {
        return Boolean.TRUE.equals(FieldPaths.get(object, "spec.paused"));
    }

    @Override
    public Map<String, Object> pausedPatch(boolean paused) {
        return FieldPaths.patchOf("spec.paused", paused);
    }

    @Override
    public void shape(Map<String, Object> manifest, ClusterStrategy strategy, Map<String, Integer> partitions,
            boolean paused) {
        FieldPaths.set(manifest, "spec.paused", paused);
    }

    /** updated = succeeded, ready = active; BroadcastJob status has no observedGeneration. */
    @Override
    public Progress progress(Workload workload) {
        Map<String, Object> status = workload.status();
        int succeeded = FieldPaths.integer(status, "succeeded", 0);
        return new Progress(workload.generation(), workload.observedGeneration(),
                FieldPaths.integer(status, "desired", 0), FieldPaths.integer(status, "active", 0),
                succeeded, succeeded, null, WorkloadShape.failureCondition(status));
    }

    @Override
    public Observed observed(Workload workload) {
        Progress p = progress(workload);
        return new Observed(p.replicas(), p.updated(), p.updatedReady(), p.ready(),
                workload.observedGeneration() < 0 ? null : workload.observedGeneration(), null);
    }
}
