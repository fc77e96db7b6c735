package dev.flotilla.api.kruise;

import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Collects manifest problems as {@code "<field path>: <what is wrong>"} lines, in the order they are found. */
final class Problems {

    private final List<String> lines = new ArrayList<>();

    void add(String path, String message) {
        lines.add(path + ": " + message);
    }

    List<String> list() {
        return List.copyOf(lines);
    }

    /** Parses an int-or-percent field, recording why it is malformed; null when absent or malformed. */
    IntOrPercent intOrPercent(String path, IntOrString value) {
        try {
            return IntOrPercent.parse(value);
        } catch (IllegalArgumentException e) {
            add(path, "malformed int-or-percent: " + e.getMessage());
            return null;
        }
    }

    void nonNegative(String path, Number value) {
        if (value != null && value.longValue() < 0) {
            add(path, "must not be negative, got " + value);
        }
    }

    /** Records a value outside its allowed set; null passes since Kruise defaults it. */
    void oneOf(String path, String value, Set<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            add(path, "unsupported value \"" + value + "\", expected one of " + String.join(", ", sorted(allowed)));
        }
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }
}
