package dev.flotilla.sim.backend;

import dev.flotilla.agent.backend.FieldPaths;
import java.util.List;
import java.util.Map;

/** Kruise's in-place rule: only container images and template labels/annotations changed. */
final class InPlaceChange {

    private InPlaceChange() {
    }

    static boolean onlyInPlace(Map<String, Object> from, Map<String, Object> to) {
        if (from == null || to == null) {
            return false;
        }
        return stripped(from).equals(stripped(to));
    }

    private static Map<String, Object> stripped(Map<String, Object> template) {
        Map<String, Object> copy = FieldPaths.deepCopy(template);
        copy.remove("metadata");
        if (FieldPaths.get(copy, "spec.containers") instanceof List<?> containers) {
            containers.forEach(c -> {
                if (c instanceof Map<?, ?> m) {
                    m.remove("image");
                }
            });
        }
        return copy;
    }
}
