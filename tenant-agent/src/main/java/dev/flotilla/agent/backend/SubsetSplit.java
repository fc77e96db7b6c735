package dev.flotilla.agent.backend;

import dev.flotilla.api.kruise.IntOrPercent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How Kruise's UnitedDeployment controller divides {@code spec.replicas} among its subsets
 * ({@code pkg/controller/uniteddeployment/allocator.go}, v1.9.0):
 * <ul>
 * <li>with minReplicas or maxReplicas (or the Adaptive strategy), {@code allocateByMinMaxMap}: every subset's
 * minimum in list order, then up to each maximum in list order;</li>
 * <li>otherwise the {@code specificAllocator}: fixed sizes (a percent is round(replicas x p)) first, the rest
 * divided evenly among the other subsets, the remainder one each to those that come last when the subsets are
 * sorted by their current size, then name: the subsets that already hold the most pods.</li>
 * </ul>
 */
public final class SubsetSplit {

    private SubsetSplit() {
    }

    /** The subset names in manifest order. */
    public static List<String> names(Map<String, Object> unitedDeployment) {
        List<String> names = new ArrayList<>();
        subsets(unitedDeployment).forEach(s -> names.add(String.valueOf(s.get("name"))));
        return names;
    }

    /** The replicas of each subset, in manifest order; current sizes come from {@code status.subsetReplicas}. */
    public static Map<String, Integer> replicas(Map<String, Object> unitedDeployment) {
        int total = FieldPaths.integer(unitedDeployment, "spec.replicas", 0);
        List<Map<String, Object>> subsets = subsets(unitedDeployment);
        boolean adaptive = "Adaptive".equals(FieldPaths.string(unitedDeployment,
                "spec.topology.scheduleStrategy.type"));
        boolean capacity = subsets.stream()
                .anyMatch(s -> s.get("minReplicas") != null || s.get("maxReplicas") != null);
        return adaptive || capacity ? byMinMax(total, subsets)
                : specific(total, subsets, FieldPaths.map(unitedDeployment, "status.subsetReplicas"));
    }

    private static Map<String, Integer> byMinMax(int total, List<Map<String, Object>> subsets) {
        Map<String, Integer> split = new LinkedHashMap<>();
        int allocated = 0;
        for (Map<String, Object> subset : subsets) {
            int add = Math.max(0, Math.min(bound(subset.get("minReplicas"), total, 0), total - allocated));
            split.put(String.valueOf(subset.get("name")), add);
            allocated += add;
        }
        for (Map<String, Object> subset : subsets) {
            if (allocated >= total) {
                break;
            }
            int room = bound(subset.get("maxReplicas"), total, Integer.MAX_VALUE) - bound(subset.get("minReplicas"),
                    total, 0);
            int add = Math.max(0, Math.min(room, total - allocated));
            split.merge(String.valueOf(subset.get("name")), add, Integer::sum);
            allocated += add;
        }
        return split;
    }

    private static Map<String, Integer> specific(int total, List<Map<String, Object>> subsets,
            Map<String, Object> current) {
        Map<String, Integer> split = new LinkedHashMap<>();
        List<String> open = new ArrayList<>();
        int fixed = 0;
        for (Map<String, Object> subset : subsets) {
            String name = String.valueOf(subset.get("name"));
            split.put(name, 0);
            if (subset.get("replicas") == null) {
                open.add(name);
            } else {
                int count = IntOrPercent.lenient(subset.get("replicas")).resolveRounded(total);
                split.put(name, count);
                fixed += count;
            }
        }
        if (open.isEmpty()) {
            return split;
        }
        open.sort(Comparator.comparingInt((String name) -> current.get(name) instanceof Number n ? n.intValue() : 0)
                .thenComparing(Comparator.naturalOrder()));
        int rest = total - fixed;
        int average = rest / open.size();
        int remainder = rest % open.size();
        for (int i = open.size() - 1; i >= 0; i--) {
            split.put(open.get(i), average + (remainder-- > 0 ? 1 : 0));
        }
        return split;
    }

    private static int bound(Object value, int total, int fallback) {
        return value == null ? fallback : IntOrPercent.lenient(value).resolveRounded(total);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> subsets(Map<String, Object> unitedDeployment) {
        Object subsets = FieldPaths.get(unitedDeployment, "spec.topology.subsets");
        List<Map<String, Object>> result = new ArrayList<>();
        if (subsets instanceof List<?> list) {
            list.stream().filter(Map.class::isInstance).forEach(s -> result.add((Map<String, Object>) s));
        }
        return result;
    }
}
