package dev.flotilla.api.kruise;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** The rules a UnitedDeployment must meet: one template, its pods owned by the selector, its subsets sized right. */
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
        checkTemplate(spec.selector(), spec.template(), problems);
        List<String> subsetNames = SubsetRules.check(spec, problems);
        checkPartitions(spec.updateStrategy(), subsetNames, problems);
    }

    private static void checkTemplate(LabelSelector selector, UnitedDeploymentSpec.SubsetTemplate template,
            Problems problems) {
        List<String> present = template == null ? List.of() : presentTemplates(template);
        if (present.size() != 1) {
            problems.add("spec.template", "exactly one of statefulSetTemplate, advancedStatefulSetTemplate, "
                    + "cloneSetTemplate or deploymentTemplate is required, found "
                    + (present.isEmpty() ? "none" : String.join(", ", present)));
        }
        if (present.isEmpty()) {
            SelectorRule.present("spec.selector", selector, problems);
            return;
        }
        String name = present.get(0);
        String at = "spec.template." + name;
        switch (name) {
            case "cloneSetTemplate" -> checkCloneSet(at, selector, template.cloneSetTemplate().spec(), problems);
            case "advancedStatefulSetTemplate" ->
                    checkStatefulSet(at, selector, template.advancedStatefulSetTemplate().spec(), problems);
            case "statefulSetTemplate" ->
                    checkPods(at, selector, template.statefulSetTemplate().spec(), s -> s.getTemplate(), problems);
            default -> checkPods(at, selector, template.deploymentTemplate().spec(), s -> s.getTemplate(), problems);
        }
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

    private static void checkCloneSet(String at, LabelSelector selector, CloneSetSpec spec, Problems problems) {
        if (checkPods(at, selector, spec, CloneSetSpec::template, problems)) {
            // Subset replicas come from the topology, so replica-dependent checks are left to each subset.
            CloneSetRules.checkStrategies(at + ".spec", spec, 0, problems);
        }
    }

    private static void checkStatefulSet(String at, LabelSelector selector, AdvancedStatefulSetSpec spec,
            Problems problems) {
        if (checkPods(at, selector, spec, AdvancedStatefulSetSpec::template, problems)) {
            StatefulSetRules.checkStrategies(at + ".spec", spec, problems);
        }
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

    private static void checkPartitions(UnitedDeploymentSpec.UpdateStrategy strategy, List<String> subsetNames,
            Problems problems) {
        if (strategy == null) {
            return;
        }
        problems.oneOf("spec.updateStrategy.type", strategy.type(), Set.of("Manual"));
        if (strategy.manualUpdate() == null || strategy.manualUpdate().partitions() == null) {
            return;
        }
        strategy.manualUpdate().partitions().forEach((subset, partition) -> {
            String at = "spec.updateStrategy.manualUpdate.partitions." + subset;
            problems.nonNegative(at, partition);
            // Kruise silently ignores a partition for an unknown subset: a typo would leave that subset unguarded.
            if (!subsetNames.contains(subset)) {
                problems.add(at, "no subset is named \"" + subset + "\"");
            }
        });
    }
}
