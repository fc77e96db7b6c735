package dev.flotilla.sim.backend;

import dev.flotilla.agent.backend.FieldPaths;
import java.util.Map;

/** JSON merge patch (RFC 7386) on schemaless objects: maps merge, null deletes, anything else replaces. */
final class MergePatch {

    private MergePatch() {
    }

    @SuppressWarnings("unchecked")
    static void apply(Map<String, Object> target, Map<String, Object> patch) {
        patch.forEach((key, value) -> {
            if (value == null) {
                target.remove(key);
            } else if (value instanceof Map<?, ?> nested && target.get(key) instanceof Map<?, ?> existing) {
                apply((Map<String, Object>) existing, (Map<String, Object>) nested);
            } else {
                target.put(key, FieldPaths.deepCopy(value));
            }
        });
    }
}
