package dev.flotilla.agent.backend;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kruise's Advanced StatefulSet webhook refuses an in-place {@code podUpdatePolicy} unless the pod template carries
 * the {@code InPlaceUpdateReady} readiness gate ({@code validatePodUpdatePolicy} in
 * {@code pkg/webhook/statefulset/validating/statefulset_validation.go}). The UnitedDeployment webhook does not check
 * its {@code advancedStatefulSetTemplate}, so without the gate the subset workloads its controller creates are
 * refused and the rollout stalls: the agent adds the gate wherever the policy it sends is in place.
 */
final class InPlaceReadinessGate {

    static final String CONDITION = "InPlaceUpdateReady";

    private InPlaceReadinessGate() {
    }

    /** Adds the gate under {@code podSpecPath} when the value at {@code policyPath} is an in-place policy. */
    @SuppressWarnings("unchecked")
    static void addIfInPlace(Map<String, Object> manifest, String policyPath, String podSpecPath) {
        Object policy = FieldPaths.get(manifest, policyPath);
        if (!"InPlaceIfPossible".equals(policy) && !"InPlaceOnly".equals(policy)) {
            return;
        }
        Object gates = FieldPaths.get(manifest, podSpecPath + ".readinessGates");
        List<Object> list = gates instanceof List<?> l ? new ArrayList<>((List<Object>) l) : new ArrayList<>();
        boolean present = list.stream()
                .anyMatch(g -> g instanceof Map<?, ?> m && CONDITION.equals(m.get("conditionType")));
        if (!present) {
            Map<String, Object> gate = new LinkedHashMap<>();
            gate.put("conditionType", CONDITION);
            list.add(gate);
            FieldPaths.set(manifest, podSpecPath + ".readinessGates", list);
        }
    }
}
