package dev.flotilla.agent.backend;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Reads and writes fields of a schemaless Kubernetes object ({@code Map<String,Object>}) by dotted path. */
public final class FieldPaths {

    static final int CACHED_PATHS = 1024;
    private static final ConcurrentHashMap<String, String[]> SEGMENTS = new ConcurrentHashMap<>();

    private FieldPaths() {
    }

    public static Object get(Map<String, ?> object, String path) {
        Object current = object;
        for (String key : segments(path)) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    /**
     * A path's keys, split once per distinct path: agents read the same few fields on every reconcile pass
     * (thousands of passes a second simulated), and keys cut from the path at each read were new strings whose hash
     * every map lookup computed again (5% of the fleet simulator's CPU samples in a rollout, docs/benchmarks.md).
     * The paths are the code's constants; past {@link #CACHED_PATHS} distinct ones the rest are split at each use.
     * The array is shared between callers: read it, never change it.
     */
    static String[] segments(String path) {
        String[] keys = SEGMENTS.get(path);
        if (keys == null) {
            keys = path.split("\\.");
            if (SEGMENTS.size() < CACHED_PATHS) {
                SEGMENTS.putIfAbsent(path, keys);
            }
        }
        return keys;
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
        String[] keys = segments(path);
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
