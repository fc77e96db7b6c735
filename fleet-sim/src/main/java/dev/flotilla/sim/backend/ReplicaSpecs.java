package dev.flotilla.sim.backend;

import dev.flotilla.agent.backend.FieldPaths;
import dev.flotilla.agent.backend.SubsetSplit;
import dev.flotilla.api.agent.WorkloadKind;
import dev.flotilla.api.kruise.IntOrPercent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a workload's spec into {@link ReplicaSpec}s with the Kruise defaults and rounding rules of each kind. */
final class ReplicaSpecs {

    private static final String[] UD_TEMPLATES = {"cloneSetTemplate", "advancedStatefulSetTemplate",
        "statefulSetTemplate", "deploymentTemplate"};

    private ReplicaSpecs() {
    }

    static ReplicaSpec of(WorkloadKind kind, Map<String, Object> workload, KruiseModel.Environment env) {
        String name = FieldPaths.string(workload, "metadata.name");
        return switch (kind) {
            case CloneSet -> cloneSet(name, FieldPaths.integer(workload, "spec.replicas", 1),
                    FieldPaths.map(workload, "spec"), null,
                    KruiseModel.revision(workload, FieldPaths.get(workload, "spec.template")));
            case StatefulSet -> statefulSet(name, FieldPaths.integer(workload, "spec.replicas", 1),
                    FieldPaths.map(workload, "spec.template"),
                    FieldPaths.map(workload, "spec.updateStrategy.rollingUpdate"), null,
                    KruiseModel.revision(workload, FieldPaths.get(workload, "spec.template")));
            case SidecarSet -> sidecarSet(name, workload, env.sidecarMatchedPods());
            default -> throw new IllegalArgumentException(kind + " has no single replica group");
        };
    }

    /** One spec per subset of a UnitedDeployment, in subset order. */
    static Map<String, ReplicaSpec> subsets(Map<String, Object> workload) {
        String name = FieldPaths.string(workload, "metadata.name");
        String revision = KruiseModel.revision(workload, FieldPaths.get(workload, "spec.template"));
        Map<String, Object> partitions = FieldPaths.map(workload, "spec.updateStrategy.manualUpdate.partitions");
        String templateKind = templateKind(workload);
        Map<String, Object> subsetTemplate = FieldPaths.map(workload, "spec.template." + templateKind + ".spec");
        Map<String, ReplicaSpec> specs = new LinkedHashMap<>();
        SubsetSplit.replicas(workload).forEach((subset, replicas) -> {
            Integer partition = Math.min(replicas, IntOrPercent.resolve(partitions.get(subset), replicas, true, 0));
            Map<String, Object> podTemplate = FieldPaths.map(subsetTemplate, "template");
            String subsetName = name + "-" + subset;
            specs.put(subset, "advancedStatefulSetTemplate".equals(templateKind)
                    ? statefulSet(subsetName, replicas, podTemplate,
                            FieldPaths.map(subsetTemplate, "updateStrategy.rollingUpdate"), partition, revision)
                    : cloneSet(subsetName, replicas, subsetTemplate, partition, revision));
        });
        return specs;
    }

    private static String templateKind(Map<String, Object> workload) {
        for (String kind : UD_TEMPLATES) {
            if (FieldPaths.get(workload, "spec.template." + kind) != null) {
                return kind;
            }
        }
        return UD_TEMPLATES[0];
    }

    private static ReplicaSpec cloneSet(String name, int replicas, Map<String, Object> spec,
            Integer partitionOverride, String revision) {
        Map<String, Object> template = FieldPaths.map(spec, "template");
        Map<String, Object> strategy = FieldPaths.map(spec, "updateStrategy");
        boolean paused = Boolean.TRUE.equals(strategy.get("paused"));
        String type = String.valueOf(strategy.getOrDefault("type", "ReCreate"));
        int partition = partitionOverride != null ? partitionOverride
                : IntOrPercent.partition(strategy.get("partition"), replicas);
        int surge = paused || "InPlaceOnly".equals(type) ? 0
                : IntOrPercent.resolve(strategy.get("maxSurge"), replicas, true, 0);
        int unavailable = IntOrPercent.resolve(strategy.getOrDefault("maxUnavailable", "20%"), replicas, surge == 0, 1);
        if (unavailable <= 0 && surge <= 0) {
            unavailable = 1;
        }
        return new ReplicaSpec(name, replicas, partition, paused, !"ReCreate".equals(type), unavailable, surge,
                revision, template, false, PriorityTerm.of(FieldPaths.map(strategy, "priorityStrategy")),
                FieldPaths.integer(spec, "minReadySeconds", 0), false);
    }

    private static ReplicaSpec statefulSet(String name, int replicas, Map<String, Object> template,
            Map<String, Object> rollingUpdate, Integer partitionOverride, String revision) {
        boolean paused = Boolean.TRUE.equals(rollingUpdate.get("paused"));
        String policy = String.valueOf(rollingUpdate.getOrDefault("podUpdatePolicy", "ReCreate"));
        int partition = partitionOverride != null ? partitionOverride
                : IntOrPercent.resolve(rollingUpdate.get("partition"), replicas, true, 0);
        int unavailable = Math.max(1, IntOrPercent.resolve(rollingUpdate.get("maxUnavailable"), replicas, false, 1));
        return new ReplicaSpec(name, replicas, Math.min(partition, replicas), paused, !"ReCreate".equals(policy),
                unavailable, 0, revision, template, true,
                PriorityTerm.of(FieldPaths.map(rollingUpdate, "unorderedUpdate.priorityStrategy")),
                FieldPaths.integer(rollingUpdate, "minReadySeconds", 0), false);
    }

    private static ReplicaSpec sidecarSet(String name, Map<String, Object> workload, int matched) {
        Map<String, Object> strategy = FieldPaths.map(workload, "spec.updateStrategy");
        Map<String, Object> template = Map.of("spec", Map.of("containers", KruiseModel.list(workload,
                "spec.containers"), "initContainers", KruiseModel.list(workload, "spec.initContainers")));
        // pkg/controller/sidecarset/sidecarset_processor.go: NotUpdate, like paused, updates no matched pod
        boolean paused = Boolean.TRUE.equals(strategy.get("paused")) || "NotUpdate".equals(strategy.get("type"));
        int partition = Math.min(matched, IntOrPercent.resolve(strategy.get("partition"), matched, true, 0));
        int unavailable = Math.max(1, IntOrPercent.resolve(strategy.get("maxUnavailable"), matched, false, 1));
        return new ReplicaSpec(name, matched, partition, paused, true, unavailable, 0,
                KruiseModel.revision(workload, template), template, false, List.of(), 0, true);
    }
}
