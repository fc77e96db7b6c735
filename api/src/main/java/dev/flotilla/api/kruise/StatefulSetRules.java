package dev.flotilla.api.kruise;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodReadinessGate;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The rules an Advanced StatefulSet (or a UnitedDeployment's advancedStatefulSetTemplate) must meet. */
final class StatefulSetRules {

    static final String IN_PLACE_UPDATE_READY = "InPlaceUpdateReady";
    private static final String PARALLEL = "Parallel";
    private static final Set<String> POD_MANAGEMENT = Set.of("OrderedReady", PARALLEL);
    private static final Set<String> UPDATE_TYPES = Set.of("RollingUpdate", "OnDelete");
    private static final Set<String> POD_UPDATE_POLICIES = Set.of("ReCreate", "InPlaceIfPossible", "InPlaceOnly");
    private static final Pattern RANGE = Pattern.compile("(\\d{1,9})-(\\d{1,9})");

    private StatefulSetRules() {
    }

    static void check(AdvancedStatefulSet statefulSet, Problems problems) {
        AdvancedStatefulSetSpec spec = statefulSet.getSpec();
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
        CloneSetRules.checkRestartPolicy("spec.template", spec.template(), problems);
        checkStrategies("spec", spec, problems);
    }

    static void checkStrategies(String path, AdvancedStatefulSetSpec spec, Problems problems) {
        problems.oneOf(path + ".podManagementPolicy", spec.podManagementPolicy(), POD_MANAGEMENT);
        checkReserveOrdinals(path + ".reserveOrdinals", spec.reserveOrdinals(), problems);
        if (spec.scaleStrategy() != null) {
            problems.intOrPercent(path + ".scaleStrategy.maxUnavailable", spec.scaleStrategy().maxUnavailable());
        }
        if (spec.updateStrategy() == null) {
            return;
        }
        problems.oneOf(path + ".updateStrategy.type", spec.updateStrategy().type(), UPDATE_TYPES);
        AdvancedStatefulSetSpec.RollingUpdate rolling = spec.updateStrategy().rollingUpdate();
        if (rolling != null) {
            checkRollingUpdate(path, spec, rolling, problems);
        }
    }

    private static void checkRollingUpdate(String path, AdvancedStatefulSetSpec spec,
            AdvancedStatefulSetSpec.RollingUpdate rolling, Problems problems) {
        String at = path + ".updateStrategy.rollingUpdate";
        boolean parallel = PARALLEL.equals(spec.podManagementPolicy());
        problems.nonNegative(at + ".partition", rolling.partition());
        problems.nonNegative(at + ".minReadySeconds", rolling.minReadySeconds());
        IntOrPercent maxUnavailable = problems.intOrPercent(at + ".maxUnavailable", rolling.maxUnavailable());
        if (maxUnavailable != null && maxUnavailable.isZero()) {
            problems.add(at + ".maxUnavailable", "must be at least 1, got " + maxUnavailable);
        }
        // Kruise compares the literal: "100%" of one replica is still refused without Parallel.
        if (maxUnavailable != null && !parallel && (maxUnavailable.percent() || maxUnavailable.value() != 1)) {
            problems.add(at + ".maxUnavailable", "a value other than 1 (got " + maxUnavailable
                    + ") needs podManagementPolicy: Parallel");
        }
        if (rolling.unorderedUpdate() != null && !parallel) {
            problems.add(at + ".unorderedUpdate", "needs podManagementPolicy: Parallel");
        }
        if (rolling.unorderedUpdate() != null) {
            PriorityRule.check(at + ".unorderedUpdate.priorityStrategy",
                    rolling.unorderedUpdate().priorityStrategy(), problems);
        }
        problems.oneOf(at + ".podUpdatePolicy", rolling.podUpdatePolicy(), POD_UPDATE_POLICIES);
        checkReadinessGate(path, rolling.podUpdatePolicy(), spec.template(), problems);
    }

    private static void checkReadinessGate(String path, String podUpdatePolicy, PodTemplateSpec template,
            Problems problems) {
        if (!"InPlaceIfPossible".equals(podUpdatePolicy) && !"InPlaceOnly".equals(podUpdatePolicy)) {
            return;
        }
        List<PodReadinessGate> gates = template == null || template.getSpec() == null
                || template.getSpec().getReadinessGates() == null ? List.of() : template.getSpec().getReadinessGates();
        boolean present = gates.stream()
                .anyMatch(gate -> gate != null && IN_PLACE_UPDATE_READY.equals(gate.getConditionType()));
        if (!present) {
            problems.add(path + ".template.spec.readinessGates", "podUpdatePolicy " + podUpdatePolicy
                    + " needs the readiness gate {conditionType: " + IN_PLACE_UPDATE_READY + "}");
        }
    }

    private static void checkReserveOrdinals(String path, List<IntOrString> ordinals, Problems problems) {
        if (ordinals == null) {
            return;
        }
        for (int i = 0; i < ordinals.size(); i++) {
            Object value = ordinals.get(i) == null ? null : ordinals.get(i).getValue();
            if (value instanceof Integer ordinal && ordinal >= 0) {
                continue;
            }
            Matcher range = value instanceof String text ? RANGE.matcher(text) : null;
            if (range == null || !range.matches()
                    || Integer.parseInt(range.group(1)) > Integer.parseInt(range.group(2))) {
                problems.add(path + "[" + i + "]", ManifestHeader.describe(value)
                        + " is neither a non-negative ordinal nor a range like \"3-5\"");
            }
        }
    }
}
