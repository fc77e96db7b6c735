package dev.flotilla.api.kruise;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The rules of Kruise's UnitedDeployment webhook ({@code pkg/webhook/uniteddeployment/validating/
 * uniteddeployment_validation.go}): one template whose workload and pod labels the selector matches and which leaves
 * replicas and partition to the controller, subsets sized right ({@link SubsetRules}), partitions only for existing
 * subsets. A cloneSetTemplate or advancedStatefulSetTemplate is also held to the rules of the webhook that will
 * validate the subset workloads the controller creates from it, since a subset it refuses stalls the rollout.
 */
final class UnitedDeploymentRules {

    private UnitedDeploymentRules() {
    }

    static void check(UnitedDeployment unitedDeployment, Problems problems) {
        UnitedDeploymentSpec spec = unitedDeployment.getSpec();
        if (spec == null) {
            problems.add("spec", "required");
            return;
        }
        problems.nonNegative("spec.replicas", spec.replicas());
        String template = checkTemplate(spec.selector(), spec.template(), problems);
        checkReservation(spec.topology(), template, problems);
        List<String> subsetNames = SubsetRules.check(spec, problems);
        checkPartitions(spec.updateStrategy(), subsetNames, problems);
    }

    /** Checks the template and answers which one is there (null when not exactly one). */
    private static String checkTemplate(LabelSelector selector, UnitedDeploymentSpec.SubsetTemplate template,
            Problems problems) {
        List<String> present = template == null ? List.of() : presentTemplates(template);
        if (present.size() != 1) {
            problems.add("spec.template", "exactly one of statefulSetTemplate, advancedStatefulSetTemplate, "
                    + "cloneSetTemplate or deploymentTemplate is required, found "
                    + (present.isEmpty() ? "none" : String.join(", ", present)));
        }
        if (present.isEmpty()) {
            SelectorRule.present("spec.selector", selector, problems);
            return null;
        }
        String name = present.get(0);
        String at = "spec.template." + name;
        switch (name) {
            case "cloneSetTemplate" -> {
                if (checkPods(at, selector, template.cloneSetTemplate().spec(), CloneSetSpec::template, problems)) {
                    // Subset replicas come from the topology, so the replica-dependent rule is left to each subset.
                    CloneSetRules.checkStrategies(at + ".spec", template.cloneSetTemplate().spec(), 0, problems);
                }
            }
            case "advancedStatefulSetTemplate" -> checkStatefulSet(at, selector, template, problems);
            case "statefulSetTemplate" -> {
                var sts = template.statefulSetTemplate();
                checkWorkloadLabels(at, selector, sts.metadata(), problems);
                if (checkPods(at, selector, sts.spec(), s -> s.getTemplate(), problems)) {
                    noReplicas(at, sts.spec().getReplicas(), problems);
                    var strategy = sts.spec().getUpdateStrategy();
                    var rolling = strategy == null ? null : strategy.getRollingUpdate();
                    if ("RollingUpdate".equals(strategy == null ? null : strategy.getType()) && rolling != null
                            && rolling.getPartition() != null) {
                        noPartition(at, problems);
                    }
                }
            }
            default -> {
                var deployment = template.deploymentTemplate();
                checkWorkloadLabels(at, selector, deployment.metadata(), problems);
                if (checkPods(at, selector, deployment.spec(), s -> s.getTemplate(), problems)) {
                    noReplicas(at, deployment.spec().getReplicas(), problems);
                }
            }
        }
        return present.size() == 1 ? name : null;
    }

    private static void checkStatefulSet(String at, LabelSelector selector,
            UnitedDeploymentSpec.SubsetTemplate template, Problems problems) {
        var asts = template.advancedStatefulSetTemplate();
        checkWorkloadLabels(at, selector, asts.metadata(), problems);
        AdvancedStatefulSetSpec spec = asts.spec();
        if (!checkPods(at, selector, spec, AdvancedStatefulSetSpec::template, problems)) {
            return;
        }
        noReplicas(at, spec.replicas(), problems);
        if (spec.updateStrategy() != null && "RollingUpdate".equals(spec.updateStrategy().type())
                && spec.updateStrategy().rollingUpdate() != null
                && spec.updateStrategy().rollingUpdate().partition() != null) {
            noPartition(at, problems);
        }
        StatefulSetRules.checkStrategies(at + ".spec", spec, false, problems);
    }

    private static List<String> presentTemplates(UnitedDeploymentSpec.SubsetTemplate template) {
        List<String> present = new ArrayList<>();
        if (template.statefulSetTemplate() != null) {
            present.add("statefulSetTemplate");
        }
        if (template.advancedStatefulSetTemplate() != null) {
            present.add("advancedStatefulSetTemplate");
        }
        if (template.cloneSetTemplate() != null) {
            present.add("cloneSetTemplate");
        }
        if (template.deploymentTemplate() != null) {
            present.add("deploymentTemplate");
        }
        return present;
    }

    /** The subset workload itself carries the template's labels, which the selector must match. */
    private static void checkWorkloadLabels(String at, LabelSelector selector, ObjectMeta metadata,
            Problems problems) {
        Map<String, String> labels = metadata == null || metadata.getLabels() == null ? Map.of()
                : metadata.getLabels();
        List<String> unmet = selector == null ? List.of() : SelectorRule.unmet(selector, labels);
        if (!unmet.isEmpty()) {
            problems.add(at + ".metadata.labels", "do not match spec.selector (unmet: " + String.join(", ", unmet)
                    + ")");
        }
    }

    private static void noReplicas(String at, Integer replicas, Problems problems) {
        if (replicas != null) {
            problems.add(at + ".spec.replicas", "not allowed: the UnitedDeployment sets each subset's replicas");
        }
    }

    private static void noPartition(String at, Problems problems) {
        problems.add(at + ".spec.updateStrategy.rollingUpdate.partition", "not allowed: the UnitedDeployment sets "
                + "each subset's partition from updateStrategy.manualUpdate.partitions");
    }

    /** The subset workloads take the UnitedDeployment's selector, so it must match their pod template labels. */
    private static <S> boolean checkPods(String at, LabelSelector selector, S spec,
            Function<S, PodTemplateSpec> podTemplate, Problems problems) {
        if (spec == null) {
            problems.add(at + ".spec", "required");
            SelectorRule.present("spec.selector", selector, problems);
            return false;
        }
        PodTemplateSpec pods = podTemplate.apply(spec);
        if (pods == null) {
            problems.add(at + ".spec.template", "required");
        }
        SelectorRule.check("spec.selector", selector, at + ".spec.template.metadata.labels",
                SelectorRule.labels(pods), problems);
        return true;
    }

    /** Rescheduling that keeps unschedulable pods works for stateless subsets (Deployment, CloneSet) only. */
    private static void checkReservation(UnitedDeploymentSpec.Topology topology, String template, Problems problems) {
        if (topology == null || topology.scheduleStrategy() == null || template == null
                || !"Adaptive".equals(topology.scheduleStrategy().type())
                || topology.scheduleStrategy().adaptive() == null
                || !Boolean.TRUE.equals(topology.scheduleStrategy().adaptive().get("reserveUnschedulablePods"))) {
            return;
        }
        if (template.equals("statefulSetTemplate") || template.equals("advancedStatefulSetTemplate")) {
            problems.add("spec.topology.scheduleStrategy", "reserveUnschedulablePods works only with "
                    + "deploymentTemplate or cloneSetTemplate");
        }
    }

    private static void checkPartitions(UnitedDeploymentSpec.UpdateStrategy strategy, List<String> subsetNames,
            Problems problems) {
        if (strategy == null || strategy.manualUpdate() == null || strategy.manualUpdate().partitions() == null) {
            return;
        }
        strategy.manualUpdate().partitions().forEach((subset, partition) -> {
            String at = "spec.updateStrategy.manualUpdate.partitions." + subset;
            // The UnitedDeployment webhook lets a negative partition through; the subset webhook then refuses it.
            problems.nonNegative(at, partition);
            if (!subsetNames.contains(subset)) {
                problems.add(at, "no subset is named \"" + subset + "\"");
            }
        });
    }
}
