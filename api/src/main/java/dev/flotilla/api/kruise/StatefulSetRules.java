package dev.flotilla.api.kruise;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodReadinessGate;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSetPersistentVolumeClaimRetentionPolicy;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules of Kruise's Advanced StatefulSet webhook ({@code pkg/webhook/statefulset/validating/
 * statefulset_validation.go}) after {@code SetDefaultsStatefulSet} (OrderedReady, RollingUpdate with partition 0,
 * maxUnavailable 1, podUpdatePolicy ReCreate, minReadySeconds 0). Also used for a UnitedDeployment's
 * advancedStatefulSetTemplate, whose subset workloads that webhook validates.
 */
final class StatefulSetRules {

    static final String IN_PLACE_UPDATE_READY = "InPlaceUpdateReady";
    private static final String PARALLEL = "Parallel";
    private static final Set<String> POD_MANAGEMENT = Set.of("OrderedReady", PARALLEL);
    private static final Set<String> UPDATE_TYPES = Set.of("RollingUpdate", "OnDelete");
    private static final Set<String> POD_UPDATE_POLICIES = Set.of("ReCreate", "InPlaceIfPossible", "InPlaceOnly");
    private static final Set<String> PVC_RETENTION = Set.of("Retain", "Delete");
    /** {@code appsv1beta1.MaxMinReadySeconds}. */
    private static final int MAX_MIN_READY_SECONDS = 300;
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
        CloneSetRules.checkActiveDeadline("spec.template", spec.template(), problems);
        checkStrategies("spec", spec, true, problems);
    }

    /**
     * @param readinessGate whether to require the InPlaceUpdateReady gate for in-place policies; the agent adds it
     *     to a UnitedDeployment's template itself, and the UnitedDeployment webhook does not ask for it
     */
    static void checkStrategies(String path, AdvancedStatefulSetSpec spec, boolean readinessGate, Problems problems) {
        boolean parallel = PARALLEL.equals(spec.podManagementPolicy());
        problems.oneOf(path + ".podManagementPolicy", blankToNull(spec.podManagementPolicy()), POD_MANAGEMENT);
        checkReserveOrdinals(path + ".reserveOrdinals", spec.reserveOrdinals(), problems);
        if (spec.scaleStrategy() != null) {
            checkMaxUnavailable(path + ".scaleStrategy.maxUnavailable", spec.scaleStrategy().maxUnavailable(),
                    parallel, problems);
        }
        checkRetention(path + ".persistentVolumeClaimRetentionPolicy", spec.persistentVolumeClaimRetentionPolicy(),
                problems);
        AdvancedStatefulSetSpec.UpdateStrategy strategy = spec.updateStrategy();
        String type = strategy == null || blankToNull(strategy.type()) == null ? "RollingUpdate" : strategy.type();
        problems.oneOf(path + ".updateStrategy.type", type, UPDATE_TYPES);
        AdvancedStatefulSetSpec.RollingUpdate rolling = strategy == null ? null : strategy.rollingUpdate();
        if ("OnDelete".equals(type) && rolling != null) {
            problems.add(path + ".updateStrategy.rollingUpdate", "only allowed for updateStrategy RollingUpdate");
        }
        if ("RollingUpdate".equals(type)) {
            checkRollingUpdate(path, spec, rolling, parallel, readinessGate, problems);
        }
    }

    private static void checkRollingUpdate(String path, AdvancedStatefulSetSpec spec,
            AdvancedStatefulSetSpec.RollingUpdate rolling, boolean parallel, boolean readinessGate, Problems problems) {
        String at = path + ".updateStrategy.rollingUpdate";
        if (rolling == null) {
            return;
        }
        problems.nonNegative(at + ".partition", rolling.partition());
        problems.nonNegative(at + ".minReadySeconds", rolling.minReadySeconds());
        if (rolling.minReadySeconds() != null && rolling.minReadySeconds() > MAX_MIN_READY_SECONDS) {
            problems.add(at + ".minReadySeconds", "must be no more than 300 seconds, got " + rolling.minReadySeconds());
        }
        checkMaxUnavailable(at + ".maxUnavailable", rolling.maxUnavailable(), parallel, problems);
        if (rolling.unorderedUpdate() != null) {
            if (!parallel) {
                problems.add(at + ".unorderedUpdate", "needs podManagementPolicy: Parallel");
            }
            PriorityRule.check(at + ".unorderedUpdate.priorityStrategy",
                    rolling.unorderedUpdate().priorityStrategy(), problems);
        }
        String policy = blankToNull(rolling.podUpdatePolicy());
        problems.oneOf(at + ".podUpdatePolicy", policy, POD_UPDATE_POLICIES);
        if (readinessGate) {
            checkReadinessGate(path, policy, spec.template(), problems);
        }
    }

    /**
     * {@code validateMaxUnavailableField}: an integer of at least 0 or digits and '%', at least 1 once resolved
     * against one pod (rounding up), and only the integer 1 without Parallel (Kruise compares the literal).
     */
    private static void checkMaxUnavailable(String at, IntOrString maxUnavailable, boolean parallel,
            Problems problems) {
        if (maxUnavailable == null || maxUnavailable.getValue() == null) {
            return;
        }
        if (IntOrStringRules.positiveIntOrPercent(at, maxUnavailable, problems)
                && IntOrStringRules.resolveUp(maxUnavailable, 1) < 1) {
            problems.add(at, "must be at least 1, got " + maxUnavailable.getValue());
        }
        if (!parallel && !Integer.valueOf(1).equals(maxUnavailable.getValue())) {
            problems.add(at, "a value other than 1 (got " + maxUnavailable.getValue()
                    + ") needs podManagementPolicy: Parallel");
        }
    }

    private static void checkRetention(String at, StatefulSetPersistentVolumeClaimRetentionPolicy policy,
            Problems problems) {
        if (policy != null) {
            problems.oneOf(at + ".whenDeleted", blankToNull(policy.getWhenDeleted()), PVC_RETENTION);
            problems.oneOf(at + ".whenScaled", blankToNull(policy.getWhenScaled()), PVC_RETENTION);
        }
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

    static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
