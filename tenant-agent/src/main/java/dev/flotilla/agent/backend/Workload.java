package dev.flotilla.agent.backend;

import java.util.Map;

/** A workload as the cluster holds it: the whole object, read through {@link FieldPaths}. */
public record Workload(Map<String, Object> object) {

    public long generation() {
        Long generation = FieldPaths.longValue(object, "metadata.generation");
        return generation == null ? 0 : generation;
    }

    /** The generation the Kruise controller last acted on, or -1 before it has written status. */
    public long observedGeneration() {
        Long observed = FieldPaths.longValue(object, "status.observedGeneration");
        return observed == null ? -1 : observed;
    }

    public boolean observed() {
        return generation() == observedGeneration();
    }

    public Map<String, Object> status() {
        return FieldPaths.map(object, "status");
    }

    public String annotation(String key) {
        Object value = FieldPaths.map(object, "metadata.annotations").get(key);
        return value == null ? null : value.toString();
    }

    public int integer(String path, int fallback) {
        return FieldPaths.integer(object, path, fallback);
    }
}
