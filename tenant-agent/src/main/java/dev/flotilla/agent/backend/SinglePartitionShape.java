package dev.flotilla.agent.backend;

import dev.flotilla.api.agent.ClusterStrategy;
import dev.flotilla.api.agent.Observed;
import dev.flotilla.api.kruise.IntOrPercent;
import java.util.List;
import java.util.Map;

/** CloneSet, Advanced StatefulSet and SidecarSet: one partition, differing only in field paths. */
final class SinglePartitionShape implements WorkloadShape {

    static final SinglePartitionShape CLONE_SET = new SinglePartitionShape("spec.updateStrategy",
            "spec.updateStrategy.type", true, "spec.replicas", "updatedReplicas", "updatedReadyReplicas",
            "readyReplicas", "updateRevision", "spec.minReadySeconds");
    static final SinglePartitionShape ADVANCED_STATEFUL_SET = new SinglePartitionShape(
            "spec.updateStrategy.rollingUpdate", "spec.updateStrategy.rollingUpdate.podUpdatePolicy", false,
            "spec.replicas", "updatedReplicas", "updatedReadyReplicas", "readyReplicas", "updateRevision",
            "spec.updateStrategy.rollingUpdate.minReadySeconds");
    static final SinglePartitionShape SIDECAR_SET = new SinglePartitionShape("spec.updateStrategy", null, false,
            "status.matchedPods", "updatedPods", "updatedReadyPods", "readyPods", "latestRevision", null);

    private final String strategyPath;
    private final String typePath;
    private final boolean surge;
    private final String replicasPath;
    private final String updatedField;
    private final String updatedReadyField;
    private final String readyField;
    private final String revisionField;
    private final String minReadyPath;

    private SinglePartitionShape(String strategyPath, String typePath, boolean surge, String replicasPath,
            String updatedField, String updatedReadyField, String readyField, String revisionField,
            String minReadyPath) {
        this.strategyPath = strategyPath;
        this.typePath = typePath;
        this.surge = surge;
        this.replicasPath = replicasPath;
        this.updatedField = updatedField;
        this.updatedReadyField = updatedReadyField;
        this.readyField = readyField;
        this.revisionField = revisionField;
        this.minReadyPath = minReadyPath;
    }

    private boolean sidecarSet() {
        return this == SIDECAR_SET;
    }

    @Override
    public List<String> keys(Map<String, Object> object) {
        return List.of(WHOLE);
    }

    @Override
    public Map<String, Integer> replicas(Map<String, Object> object) {
        return Map.of(WHOLE, FieldPaths.integer(object, replicasPath, sidecarSet() ? 0 : 1));
    }

    @Override
    public int holdPartition(int replicas) {
        return sidecarSet() ? HOLD_ALL : replicas;
    }

    @Override
    public Map<String, Integer> partitions(Map<String, Object> object) {
        Object value = FieldPaths.get(object, strategyPath + ".partition");
        if (sidecarSet() && value != null && "100%".equals(value.toString().trim())) {
            return Map.of(WHOLE, HOLD_ALL);
        }
        return Map.of(WHOLE, IntOrPercent.partition(value, replicas(object).get(WHOLE)));
    }

    @Override
    public Map<String, Object> partitionPatch(Map<String, Integer> partitions) {
        return FieldPaths.patchOf(strategyPath + ".partition", partitionValue(partitions.get(WHOLE)));
    }

    private Object partitionValue(int partition) {
        return sidecarSet() && partition == HOLD_ALL ? "100%" : partition;
    }

    @Override
    public boolean paused(Map<String, Object> object) {
        return Boolean.TRUE.equals(FieldPaths.get(object, strategyPath + ".paused"));
    }

    @Override
    public Map<String, Object> pausedPatch(boolean paused) {
        return FieldPaths.patchOf(strategyPath + ".paused", paused);
    }

    @Override
    public void shape(Map<String, Object> manifest, ClusterStrategy strategy, Map<String, Integer> partitions,
            boolean paused) {
        FieldPaths.set(manifest, strategyPath + ".partition", partitionValue(partitions.get(WHOLE)));
        FieldPaths.set(manifest, strategyPath + ".paused", paused);
        if (this == ADVANCED_STATEFUL_SET) {
            FieldPaths.set(manifest, "spec.updateStrategy.type", "RollingUpdate");
        }
        if (strategy != null) {
            shapeStrategy(manifest, strategy);
        }
        if (this == ADVANCED_STATEFUL_SET) {
            InPlaceReadinessGate.addIfInPlace(manifest, typePath, "spec.template.spec");
        }
    }

    private void shapeStrategy(Map<String, Object> manifest, ClusterStrategy strategy) {
        if (strategy.type() != null && typePath != null) {
            FieldPaths.set(manifest, typePath, strategy.type().name());
        }
        if (strategy.maxUnavailable() != null) {
            FieldPaths.set(manifest, strategyPath + ".maxUnavailable", intOrString(strategy.maxUnavailable()));
        }
        if (strategy.maxSurge() != null && surge) {
            FieldPaths.set(manifest, strategyPath + ".maxSurge", intOrString(strategy.maxSurge()));
        }
    }

    static Object intOrString(String value) {
        return value.matches("\\d+") ? Integer.parseInt(value) : value;
    }

    @Override
    public Progress progress(Workload workload) {
        Map<String, Object> status = workload.status();
        return new Progress(workload.generation(), workload.observedGeneration(),
                replicas(workload.object()).get(WHOLE),
                FieldPaths.integer(status, readyField, 0),
                FieldPaths.integer(status, updatedField, 0),
                FieldPaths.integer(status, updatedReadyField(workload), 0),
                FieldPaths.string(status, revisionField),
                WorkloadShape.failureCondition(status));
    }

    /**
     * With minReadySeconds a ready pod is not yet available, and Kruise's own budget and Kruise Rollout's batch
     * check count available pods: then the batch is complete on {@code updatedAvailableReplicas}.
     */
    private String updatedReadyField(Workload workload) {
        boolean minReady = minReadyPath != null && FieldPaths.integer(workload.object(), minReadyPath, 0) > 0;
        return minReady && FieldPaths.get(workload.status(), "updatedAvailableReplicas") != null
                ? "updatedAvailableReplicas" : updatedReadyField;
    }

    @Override
    public Observed observed(Workload workload) {
        Progress p = progress(workload);
        int replicas = sidecarSet() ? p.replicas() : FieldPaths.integer(workload.status(), "replicas", 0);
        return new Observed(replicas, p.updated(), p.updatedReady(), p.ready(),
                workload.observedGeneration() < 0 ? null : workload.observedGeneration(), p.revision());
    }
}
