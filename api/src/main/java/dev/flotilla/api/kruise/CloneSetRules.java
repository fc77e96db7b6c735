package dev.flotilla.api.kruise;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules of Kruise's CloneSet webhook ({@code pkg/webhook/cloneset/validating/validation.go}), applied after the
 * defaults of {@code SetDefaultsCloneSet} (replicas 1, partition 0, maxUnavailable 20%, maxSurge 0). Also used for
 * a UnitedDeployment's cloneSetTemplate, whose subset CloneSets that webhook validates.
 */
final class CloneSetRules {

    static final String IN_PLACE_ONLY = "InPlaceOnly";
    private static final Set<String> UPDATE_TYPES = Set.of("ReCreate", "InPlaceIfPossible", IN_PLACE_ONLY);
    private static final IntOrString DEFAULT_MAX_UNAVAILABLE = new IntOrString("20%");

    private CloneSetRules() {
    }

    static void check(CloneSet cloneSet, Problems problems) {
        CloneSetSpec spec = cloneSet.getSpec();
        if (spec == null) {
            problems.add("spec", "required");
            return;
        }
        problems.nonNegative("spec.replicas", spec.replicas());
        if (spec.template() == null) {
            problems.add("spec.template", "required");
        }
        SelectorRule.check("spec.selector", spec.selector(), "spec.template.metadata.labels",
                SelectorRule.labels(spec.template()), problems);
        checkRestartPolicy("spec.template", spec.template(), problems);
        checkActiveDeadline("spec.template", spec.template(), problems);
        checkProgressDeadline(spec, problems);
        checkStrategies("spec", spec, spec.replicas() == null ? 1 : spec.replicas(), problems);
    }

    /** Scale and update strategy rules; {@code replicas} 0 skips the rule that depends on the replica count. */
    static void checkStrategies(String path, CloneSetSpec spec, int replicas, Problems problems) {
        if (spec.scaleStrategy() != null) {
            checkPodsToDelete(path + ".scaleStrategy.podsToDelete", spec.scaleStrategy().podsToDelete(), problems);
        }
        CloneSetSpec.UpdateStrategy strategy = spec.updateStrategy();
        String at = path + ".updateStrategy";
        String type = strategy == null || strategy.type() == null || strategy.type().isEmpty() ? "ReCreate"
                : strategy.type();
        problems.oneOf(at + ".type", type, UPDATE_TYPES);
        IntOrString partition = strategy == null || strategy.partition() == null ? new IntOrString(0)
                : strategy.partition();
        Integer partitionPods = IntOrStringRules.scaled(at + ".partition", partition, replicas, true, problems);
        problems.nonNegative(at + ".partition", partitionPods);
        IntOrString maxUnavailable = strategy == null || strategy.maxUnavailable() == null ? DEFAULT_MAX_UNAVAILABLE
                : strategy.maxUnavailable();
        IntOrString maxSurge = strategy == null || strategy.maxSurge() == null ? new IntOrString(0)
                : strategy.maxSurge();
        Integer unavailable = IntOrStringRules.scaled(at + ".maxUnavailable", maxUnavailable, replicas, true,
                problems);
        Integer surge = IntOrStringRules.scaled(at + ".maxSurge", maxSurge, replicas, true, problems);
        if (IN_PLACE_ONLY.equals(type) && surge != null && surge > 0) {
            problems.add(at + ".maxSurge", "not allowed with InPlaceOnly (in-place updates never create extra pods)");
        }
        if (replicas > 0 && (unavailable == null ? 0 : unavailable) < 1 && (surge == null ? 0 : surge) < 1) {
            problems.add(at + ".maxUnavailable", "maxUnavailable and maxSurge must not both be less than 1: no pod "
                    + "could ever be updated");
        }
        if (strategy != null) {
            PriorityRule.check(at + ".priorityStrategy", strategy.priorityStrategy(), problems);
            ScatterRule.check(at + ".scatterStrategy", strategy.scatterStrategy(), problems);
        }
    }

    private static void checkPodsToDelete(String path, List<String> podsToDelete, Problems problems) {
        if (podsToDelete == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (String pod : podsToDelete) {
            if (!seen.add(pod)) {
                problems.add(path, "duplicated item \"" + pod + "\"");
            }
        }
    }

    /** {@code progressDeadlineSeconds} must be at least 0 and, unless it is MaxInt32, above minReadySeconds. */
    private static void checkProgressDeadline(CloneSetSpec spec, Problems problems) {
        Integer deadline = spec.progressDeadlineSeconds();
        if (deadline == null) {
            return;
        }
        problems.nonNegative("spec.progressDeadlineSeconds", deadline);
        int minReady = spec.minReadySeconds() == null ? 0 : spec.minReadySeconds();
        if (deadline != Integer.MAX_VALUE && deadline <= minReady) {
            problems.add("spec.progressDeadlineSeconds", "must be greater than minReadySeconds (" + deadline + " <= "
                    + minReady + ")");
        }
    }

    static void checkRestartPolicy(String templatePath, PodTemplateSpec template, Problems problems) {
        if (template == null || template.getSpec() == null) {
            return;
        }
        String restartPolicy = template.getSpec().getRestartPolicy();
        if (restartPolicy != null && !restartPolicy.isEmpty() && !"Always".equals(restartPolicy)) {
            problems.add(templatePath + ".spec.restartPolicy",
                    "unsupported value \"" + restartPolicy + "\" for a long-running workload, expected Always");
        }
    }

    /** CloneSet and Advanced StatefulSet pods run until replaced, so a pod deadline is refused. */
    static void checkActiveDeadline(String templatePath, PodTemplateSpec template, Problems problems) {
        if (template != null && template.getSpec() != null && template.getSpec().getActiveDeadlineSeconds() != null) {
            problems.add(templatePath + ".spec.activeDeadlineSeconds", "not supported for a long-running workload");
        }
    }
}
