package dev.flotilla.meta.cluster;

import dev.flotilla.meta.web.FlotillaException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * A JSON merge patch (RFC 7396) of a cluster's declared fields. Null members mean "unchanged"; in
 * {@code labels} a key set to null is removed, and {@code "labels": null} removes every label.
 *
 * @param labels the label changes (a null value removes the key), or null when labels are untouched
 */
record ClusterPatch(String tenant, String region, String zone, boolean clearLabels, Map<String, String> labels) {

    private static final Set<String> FIELDS = Set.of("tenant", "region", "zone", "labels");

    /** Reads and checks a merge patch; anything it cannot apply is bad input naming the field. */
    static ClusterPatch parse(JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            throw FlotillaException.badInput("the body must be a JSON merge patch object");
        }
        for (String field : patch.propertyNames()) {
            if (field.equals("name")) {
                throw FlotillaException.badInput("field 'name' cannot be changed: a cluster keeps its name")
                        .with("field", "name");
            }
            if (!FIELDS.contains(field)) {
                throw FlotillaException.badInput("unknown field '" + field + "'").with("field", field);
            }
        }
        JsonNode labels = patch.get("labels");
        return new ClusterPatch(dnsLabel(patch, "tenant"), dnsLabel(patch, "region"), dnsLabel(patch, "zone"),
                labels != null && labels.isNull(), labelChanges(labels));
    }

    boolean isEmpty() {
        return tenant == null && region == null && zone == null && !clearLabels && labels == null;
    }

    /** The label set after this patch, checked as a whole. */
    Map<String, String> applyTo(Map<String, String> current) {
        Map<String, String> merged = new TreeMap<>(clearLabels ? Map.of() : current);
        if (labels != null) {
            labels.forEach((key, value) -> {
                if (value == null) {
                    merged.remove(key);
                } else {
                    merged.put(key, value);
                }
            });
        }
        ClusterSyntax.checkLabels(merged);
        return merged;
    }

    private static String dnsLabel(JsonNode patch, String field) {
        JsonNode value = patch.get(field);
        if (value == null) {
            return null;
        }
        if (!value.isString()) {
            throw FlotillaException.badInput("field '" + field + "' must be a string"
                    + (value.isNull() ? "; it cannot be removed" : "")).with("field", field);
        }
        return ClusterSyntax.requireDnsLabel(field, value.stringValue());
    }

    private static Map<String, String> labelChanges(JsonNode labels) {
        if (labels == null || labels.isNull()) {
            return null;
        }
        if (!labels.isObject()) {
            throw FlotillaException.badInput("field 'labels' must be an object of string values")
                    .with("field", "labels");
        }
        Map<String, String> changes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : labels.properties()) {
            JsonNode value = entry.getValue();
            if (!value.isNull() && !value.isString()) {
                throw FlotillaException.badInput("field 'labels." + entry.getKey() + "' must be a string or null")
                        .with("field", "labels." + entry.getKey());
            }
            changes.put(entry.getKey(), value.isNull() ? null : value.stringValue());
        }
        changes.forEach((key, value) -> {
            String problem = Labels.keyProblem(key);
            if (problem == null && value != null) {
                problem = Labels.valueProblem(key, value);
            }
            if (problem != null) {
                throw FlotillaException.badInput("field 'labels': " + problem).with("field", "labels." + key);
            }
        });
        return changes;
    }
}
