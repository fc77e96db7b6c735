package dev.flotilla.agent.backend;

import dev.flotilla.api.agent.ClusterStrategy;
import dev.flotilla.api.agent.Observed;
import dev.flotilla.api.kruise.IntOrPercent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * UnitedDeployment: one partition per subset ({@code updateStrategy.manualUpdate.partitions}); the update type and
 * budgets go into the subset workload template. It has no pause switch: pausing just stops lowering partitions.
 */
final class UnitedDeploymentShape implements WorkloadShape {

    private static final String PARTITIONS = "spec.updateStrategy.manualUpdate.partitions";
    private static final String ASTS = "spec.template.advancedStatefulSetTemplate";

    @Override
    public List<String> keys(Map<String, Object> object) {
        return SubsetSplit.names(object);
    }

    @Override
    public Map<String, Integer> replicas(Map<String, Object> object) {
        Map<String, Integer> split = SubsetSplit.replicas(object);
        Map<String, Object> reported = FieldPaths.map(object, "status.subsetReplicas");
        Map<String, Integer> result = new LinkedHashMap<>();
        split.forEach((subset, count) -> result.put(subset,
                reported.get(subset) instanceof Number n ? n.intValue() : count));
        return result;
    }

    @Override
    public Map<String, Integer> partitions(Map<String, Object> object) {
        Map<String, Object> partitions = FieldPaths.map(object, PARTITIONS);
        Map<String, Integer> result = new LinkedHashMap<>();
        replicas(object).forEach((subset, replicas) ->
                result.put(subset, Math.min(replicas, IntOrPercent.resolve(partitions.get(subset), replicas, true, 0))));
        return result;
    }

    @Override
    public Map<String, Object> partitionPatch(Map<String, Integer> partitions) {
        return FieldPaths.patchOf(PARTITIONS, new LinkedHashMap<>(partitions));
    }

    @Override
    public boolean paused(Map<String, Object> object) {
        return false;
    }

    @Override
    public Map<String, Object> pausedPatch(boolean paused) {
        return Map.of();
    }

    @Override
    public void shape(Map<String, Object> manifest, ClusterStrategy strategy, Map<String, Integer> partitions,
            boolean paused) {
        FieldPaths.set(manifest, "spec.updateStrategy.type", "Manual");
        FieldPaths.set(manifest, PARTITIONS, new LinkedHashMap<>(partitions));
        if (strategy != null && FieldPaths.get(manifest, "spec.template.cloneSetTemplate") != null) {
            shapeSubset(manifest, "spec.template.cloneSetTemplate.spec.updateStrategy", "type", strategy, true);
        } else if (FieldPaths.get(manifest, ASTS) != null) {
            if (strategy != null) {
                shapeSubset(manifest, ASTS + ".spec.updateStrategy.rollingUpdate", "podUpdatePolicy", strategy, false);
            }
            InPlaceReadinessGate.addIfInPlace(manifest, ASTS + ".spec.updateStrategy.rollingUpdate.podUpdatePolicy",
                    ASTS + ".spec.template.spec");
        }
    }

    private static void shapeSubset(Map<String, Object> manifest, String path, String typeField,
            ClusterStrategy strategy, boolean surge) {
        if (strategy.type() != null) {
            FieldPaths.set(manifest, path + "." + typeField, strategy.type().name());
        }
        if (strategy.maxUnavailable() != null) {
            FieldPaths.set(manifest, path + ".maxUnavailable",
                    SinglePartitionShape.intOrString(strategy.maxUnavailable()));
        }
        if (surge && strategy.maxSurge() != null) {
            FieldPaths.set(manifest, path + ".maxSurge", SinglePartitionShape.intOrString(strategy.maxSurge()));
        }
    }

    @Override
    public Progress progress(Workload workload) {
        Map<String, Object> status = workload.status();
        int replicas = replicas(workload.object()).values().stream().mapToInt(Integer::intValue).sum();
        return new Progress(workload.generation(), workload.observedGeneration(), replicas,
                FieldPaths.integer(status, "readyReplicas", 0),
                FieldPaths.integer(status, "updatedReplicas", 0),
                FieldPaths.integer(status, "updatedReadyReplicas", 0),
                FieldPaths.string(status, "updateStatus.updatedRevision"),
                WorkloadShape.failureCondition(status));
    }

    @Override
    public Observed observed(Workload workload) {
        Progress p = progress(workload);
        return new Observed(FieldPaths.integer(workload.status(), "replicas", 0), p.updated(), p.updatedReady(),
                p.ready(), workload.observedGeneration() < 0 ? null : workload.observedGeneration(), p.revision());
    }
}
