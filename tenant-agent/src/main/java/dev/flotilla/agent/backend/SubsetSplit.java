package dev.flotilla.agent.backend;

import dev.flotilla.api.kruise.IntOrPercent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a UnitedDeployment divides {@code spec.replicas} among its subsets: a percent is round(replicas x p), fixed
 * values first, the rest evenly among the subsets without a value, the remainder to the first of them.
 */
public final class SubsetSplit {

    private SubsetSplit() {
    }

    /** The subset names in manifest order. */
    public static List<String> names(Map<String, Object> unitedDeployment) {
        return List.copyOf(replicas(unitedDeployment).keySet());
    }

    public static Map<String, Integer> replicas(Map<String, Object> unitedDeployment) {
        int total = FieldPaths.integer(unitedDeployment, "spec.replicas", 1);
        Map<String, Integer> split = new LinkedHashMap<>();
        List<String> open = new ArrayList<>();
        int fixed = 0;
        for (Map<String, Object> subset : subsets(unitedDeployment)) {
            String name = String.valueOf(subset.get("name"));
            Object value = subset.get("replicas");
            if (value == null) {
                open.add(name);
                split.put(name, 0);
            } else {
                int count = IntOrPercent.lenient(value).resolveRounded(total);
                split.put(name, count);
                fixed += count;
            }
        }
        int rest = Math.max(0, total - fixed);
        for (int i = 0; i < open.size(); i++) {
            split.put(open.get(i), rest / open.size() + (i < rest % open.size() ? 1 : 0));
        }
        return split;
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
