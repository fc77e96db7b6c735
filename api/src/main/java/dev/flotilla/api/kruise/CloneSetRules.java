package dev.flotilla.api.kruise;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.Set;

/** The rules a CloneSet (or a UnitedDeployment's cloneSetTemplate) must meet before Kruise's webhook sees it. */
final class CloneSetRules {

    static final String IN_PLACE_ONLY = "InPlaceOnly";
    private static final Set<String> UPDATE_TYPES = Set.of("ReCreate", "InPlaceIfPossible", IN_PLACE_ONLY);

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
        checkStrategies("spec", spec, spec.replicas() == null ? 1 : spec.replicas(), problems);
    }

    /** Scale and update strategy rules; {@code replicas} 0 skips the rules that depend on the replica count. */
    static void checkStrategies(String path, CloneSetSpec spec, int replicas, Problems problems) {
        if (spec.scaleStrategy() != null) {
            problems.intOrPercent(path + ".scaleStrategy.maxUnavailable", spec.scaleStrategy().maxUnavailable());
        }
        CloneSetSpec.UpdateStrategy strategy = spec.updateStrategy();
        if (strategy == null) {
            return;
        }
        String at = path + ".updateStrategy";
        problems.oneOf(at + ".type", strategy.type(), UPDATE_TYPES);
        problems.intOrPercent(at + ".partition", strategy.partition());
        IntOrPercent maxUnavailable = problems.intOrPercent(at + ".maxUnavailable", strategy.maxUnavailable());
        IntOrPercent maxSurge = problems.intOrPercent(at + ".maxSurge", strategy.maxSurge());
        // Kruise refuses only a surge that resolves above zero; "0" and "0%" are harmless spellings of none.
        if (IN_PLACE_ONLY.equals(strategy.type()) && maxSurge != null && !maxSurge.isZero()) {
            problems.add(at + ".maxSurge", "not allowed with InPlaceOnly (in-place updates never create extra pods)");
        }
        checkProgressPossible(at, strategy, maxUnavailable, maxSurge, replicas, problems);
        PriorityRule.check(at + ".priorityStrategy", strategy.priorityStrategy(), problems);
    }

    private static void checkProgressPossible(String at, CloneSetSpec.UpdateStrategy strategy,
            IntOrPercent maxUnavailable, IntOrPercent maxSurge, int replicas, Problems problems) {
        boolean malformed = (strategy.maxUnavailable() != null && maxUnavailable == null)
                || (strategy.maxSurge() != null && maxSurge == null);
        if (replicas <= 0 || malformed) {
            return;
        }
        // As Kruise's webhook: both resolved rounding up, with maxUnavailable defaulting to 20%.
        int unavailable = maxUnavailable == null ? new IntOrPercent(20, true).resolve(replicas, true)
                : maxUnavailable.resolve(replicas, true);
        int surge = maxSurge == null ? 0 : maxSurge.resolve(replicas, true);
        if (unavailable < 1 && surge < 1) {
            problems.add(at + ".maxUnavailable", "maxUnavailable and maxSurge must not both be 0: no pod could ever "
                    + "be updated");
        }
    }

    static void checkRestartPolicy(String templatePath, PodTemplateSpec template, Problems problems) {
        if (template == null || template.getSpec() == null) {
            return;
        }
        String restartPolicy = template.getSpec().getRestartPolicy();
        if (restartPolicy != null && !"Always".equals(restartPolicy)) {
            problems.add(templatePath + ".spec.restartPolicy",
                    "unsupported value \"" + restartPolicy + "\" for a long-running workload, expected Always");
        }
    }
}
