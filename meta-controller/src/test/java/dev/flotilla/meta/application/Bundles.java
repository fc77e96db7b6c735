package dev.flotilla.meta.application;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test manifests: a CloneSet that passes every Kruise rule, and plain objects. */
final class Bundles {

    private Bundles() {
    }

    static Map<String, Object> cloneSet(String name, String image) {
        return mutable(Map.of("apiVersion", "apps.kruise.io/v1alpha1", "kind", "CloneSet",
                "metadata", Map.of("name", name),
                "spec", Map.of("replicas", 2,
                        "selector", Map.of("matchLabels", Map.of("app", name)),
                        "template", Map.of("metadata", Map.of("labels", Map.of("app", name)),
                                "spec", Map.of("containers", List.of(Map.of("name", "app", "image", image)))))));
    }

    static Map<String, Object> object(String apiVersion, String kind, String name) {
        return mutable(Map.of("apiVersion", apiVersion, "kind", kind, "metadata", Map.of("name", name)));
    }

    static Map<String, Object> configMap(String name, Map<String, Object> data) {
        Map<String, Object> map = object("v1", "ConfigMap", name);
        map.put("data", mutable(data));
        return map;
    }

    /** A deep, mutable copy (Map.of cannot be patched in place). */
    @SuppressWarnings("unchecked")
    static <T> T mutable(T value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put((String) k, mutable(v)));
            return (T) copy;
        }
        if (value instanceof List<?> list) {
            return (T) new java.util.ArrayList<>(list.stream().map(Bundles::mutable).toList());
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    static Object at(Map<String, Object> resource, String... path) {
        Object value = resource;
        for (String key : path) {
            value = value instanceof Map<?, ?> m ? m.get(key)
                    : value instanceof List<?> l ? l.get(Integer.parseInt(key)) : null;
        }
        return value;
    }
}
