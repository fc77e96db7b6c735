package dev.flotilla.agent.backend;

import java.util.List;
import java.util.Map;

/** Matches pod labels against a Kubernetes label selector held as a schemaless map. */
final class LabelSelectors {

    private LabelSelectors() {
    }

    /** Whether the labels meet every matchLabels pair and every matchExpressions requirement. */
    static boolean matches(Map<String, Object> selector, Map<String, String> labels) {
        for (Map.Entry<String, Object> e : FieldPaths.map(selector, "matchLabels").entrySet()) {
            if (!String.valueOf(e.getValue()).equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        if (!(selector.get("matchExpressions") instanceof List<?> expressions)) {
            return true;
        }
        return expressions.stream().allMatch(e -> e instanceof Map<?, ?> m && meets(m, labels));
    }

    private static boolean meets(Map<?, ?> requirement, Map<String, String> labels) {
        String value = labels.get(String.valueOf(requirement.get("key")));
        List<?> values = requirement.get("values") instanceof List<?> l ? l : List.of();
        return switch (String.valueOf(requirement.get("operator"))) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            default -> false;
        };
    }
}
