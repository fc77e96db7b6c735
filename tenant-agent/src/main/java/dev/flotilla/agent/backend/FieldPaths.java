package dev.flotilla.agent.backend;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and writes fields of a schemaless Kubernetes object ({@code Map<String,Object>}) by dotted path. */
public final class FieldPaths {

    private FieldPaths() {
    }

    public static Object get(Map<String, ?> object, String path) {
        // walked without splitting: agents read fields on every reconcile pass (thousands per second simulated)
        Object current = object;
        int from = 0;
        while (current instanceof Map<?, ?> map) {
            int dot = path.indexOf('.', from);
            current = map.get(dot < 0 ? path.substring(from) : path.substring(from, dot));
            if (dot < 0) {
                return current;
            }
            from = dot + 1;
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Map<String, ?> object, String path) {
        return get(object, path) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    public static String string(Map<String, ?> object, String path) {
        Object value = get(object, path);
        return value == null ? null : value.toString();
    }

    /** An integer field, or {@code fallback} when it is absent or not a number. */
    public static int integer(Map<String, ?> object, String path, int fallback) {
        return get(object, path) instanceof Number n ? n.intValue() : fallback;
    }

    public static Long longValue(Map<String, ?> object, String path) {
        return get(object, path) instanceof Number n ? n.longValue() : null;
    }

    /** Sets a field, creating the maps on the way. */
    @SuppressWarnings("unchecked")
    public static void set(Map<String, Object> object, String path, Object value) {
        String[] keys = path.split("\\.");
        Map<String, Object> current = object;
        for (int i = 0; i < keys.length - 1; i++) {
            Object next = current.get(keys[i]);
            if (!(next instanceof Map<?, ?>)) {
                next = new LinkedHashMap<String, Object>();
                current.put(keys[i], next);
            }
            current = (Map<String, Object>) next;
        }
        current.put(keys[keys.length - 1], value);
    }

    public static void remove(Map<String, Object> object, String path) {
        int dot = path.lastIndexOf('.');
        Object parent = dot < 0 ? object : get(object, path.substring(0, dot));
        if (parent instanceof Map<?, ?> map) {
            map.remove(path.substring(dot + 1));
        }
    }

    /** A merge patch that sets one field: {@code {"spec":{"updateStrategy":{"partition":3}}}}. */
    public static Map<String, Object> patchOf(String path, Object value) {
        Map<String, Object> patch = new LinkedHashMap<>();
        set(patch, path, value);
        return patch;
    }

    /** A mutable deep copy of maps and lists (leaves are shared: they are immutable values). */
    @SuppressWarnings("unchecked")
    public static <T> T deepCopy(T value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put((String) k, deepCopy(v)));
            return (T) copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(deepCopy(v)));
            return (T) copy;
        }
        return value;
    }
}
