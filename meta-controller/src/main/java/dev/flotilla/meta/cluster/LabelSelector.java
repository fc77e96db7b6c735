package dev.flotilla.meta.cluster;

import dev.flotilla.meta.web.FlotillaException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A parsed Kubernetes label selector ({@code =}, {@code ==}, {@code !=}, {@code in}, {@code notin},
 * {@code key}, {@code !key}) and its translation to SQL over the {@code labels} JSONB column.
 * Equality uses containment, which the GIN index on labels serves.
 */
public final class LabelSelector {

    /** One requirement of a selector. */
    public sealed interface Requirement {
        String key();
    }

    public record Equals(String key, String value) implements Requirement {
    }

    public record NotEquals(String key, String value) implements Requirement {
    }

    public record In(String key, List<String> values) implements Requirement {
    }

    public record NotIn(String key, List<String> values) implements Requirement {
    }

    public record Exists(String key) implements Requirement {
    }

    public record DoesNotExist(String key) implements Requirement {
    }

    private final List<Requirement> requirements;

    private LabelSelector(List<Requirement> requirements) {
        this.requirements = List.copyOf(requirements);
    }

    public static LabelSelector everything() {
        return new LabelSelector(List.of());
    }

    public List<Requirement> requirements() {
        return requirements;
    }

    /** Parses a selector; a malformed one is a bad-input problem that quotes it. */
    public static LabelSelector parse(String selector) {
        if (selector == null || selector.isBlank()) {
            return everything();
        }
        if (selector.length() > 4096) {
            throw FlotillaException.badInput("selector is longer than 4096 characters");
        }
        List<Requirement> parsed = new ArrayList<>();
        for (String part : splitTopLevel(selector)) {
            parsed.add(requirement(part.strip(), selector));
        }
        return new LabelSelector(parsed);
    }

    /** Whether a label set matches, with Kubernetes semantics (absent keys match != and notin). */
    public boolean matches(Map<String, String> labels) {
        for (Requirement r : requirements) {
            String value = labels.get(r.key());
            boolean ok;
            if (r instanceof Equals e) {
                ok = e.value().equals(value);
            } else if (r instanceof NotEquals n) {
                ok = !n.value().equals(value);
            } else if (r instanceof In in) {
                ok = value != null && in.values().contains(value);
            } else if (r instanceof NotIn notIn) {
                ok = value == null || !notIn.values().contains(value);
            } else if (r instanceof Exists e) {
                ok = labels.containsKey(e.key());
            } else {
                ok = !labels.containsKey(r.key());
            }
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * Appends {@code AND ...} conditions on {@code column} (a JSONB of string labels) to {@code sql},
     * adding their parameters to {@code params}.
     */
    public void appendSql(String column, StringBuilder sql, List<Object> params) {
        for (Requirement r : requirements) {
            if (r instanceof Equals e) {
                sql.append(" AND ").append(column).append(" @> ?::jsonb");
                params.add(containment(e.key(), e.value()));
            } else if (r instanceof NotEquals n) {
                sql.append(" AND NOT (").append(column).append(" @> ?::jsonb)");
                params.add(containment(n.key(), n.value()));
            } else if (r instanceof In in) {
                sql.append(" AND ").append(column).append(" ->> ? = ANY(?)");
                params.add(in.key());
                params.add(in.values().toArray(String[]::new));
            } else if (r instanceof NotIn notIn) {
                sql.append(" AND (").append(column).append(" ->> ? IS NULL OR NOT (")
                        .append(column).append(" ->> ? = ANY(?)))");
                params.add(notIn.key());
                params.add(notIn.key());
                params.add(notIn.values().toArray(String[]::new));
            } else if (r instanceof Exists e) {
                sql.append(" AND jsonb_exists(").append(column).append(", ?)");
                params.add(e.key());
            } else {
                sql.append(" AND NOT jsonb_exists(").append(column).append(", ?)");
                params.add(r.key());
            }
        }
    }

    private static String containment(String key, String value) {
        return "{" + jsonString(key) + ":" + jsonString(value) + "}";
    }

    private static String jsonString(String s) {
        // keys and values are validated label syntax: no quotes, backslashes or control characters
        return "\"" + s + "\"";
    }

    private static List<String> splitTopLevel(String selector) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < selector.length(); i++) {
            char c = selector.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
                if (depth < 0) {
                    throw malformed(selector, "unbalanced ')'");
                }
            } else if (c == ',' && depth == 0) {
                parts.add(selector.substring(start, i));
                start = i + 1;
            }
        }
        if (depth != 0) {
            throw malformed(selector, "unbalanced '('");
        }
        parts.add(selector.substring(start));
        return parts;
    }

    private static Requirement requirement(String part, String selector) {
        if (part.isEmpty()) {
            throw malformed(selector, "empty requirement");
        }
        if (part.startsWith("!")) {
            String key = part.substring(1).strip();
            checkKey(key, selector);
            return new DoesNotExist(key);
        }
        int op = indexOfOperator(part);
        if (op >= 0) {
            String key = part.substring(0, op).strip();
            checkKey(key, selector);
            boolean notEquals = part.startsWith("!=", op);
            int valueStart = op + (part.startsWith("==", op) || notEquals ? 2 : 1);
            String value = part.substring(valueStart).strip();
            if (value.isEmpty()) {
                // Kubernetes reads "a=" as "a has the empty value"; a portal query like that is almost always a typo
                throw malformed(selector, "expected a value after the operator of '" + key + "'");
            }
            checkValue(key, value, selector);
            return notEquals ? new NotEquals(key, value) : new Equals(key, value);
        }
        String[] words = part.split("\\s+", 2);
        if (words.length == 1) {
            checkKey(words[0], selector);
            return new Exists(words[0]);
        }
        String key = words[0];
        checkKey(key, selector);
        String rest = words[1].strip();
        String lower = rest.toLowerCase(java.util.Locale.ROOT);
        boolean in = lower.startsWith("in");
        boolean notIn = lower.startsWith("notin");
        if (!in && !notIn) {
            throw malformed(selector, "expected an operator (=, ==, !=, in, notin) after key '" + key + "'");
        }
        String list = rest.substring(notIn ? 5 : 2).strip();
        if (!list.startsWith("(") || !list.endsWith(")")) {
            throw malformed(selector, "the values of '" + key + "' must be a parenthesized list");
        }
        String inner = list.substring(1, list.length() - 1);
        if (inner.isBlank()) {
            throw malformed(selector, "the value list of '" + key + "' is empty");
        }
        List<String> values = new ArrayList<>();
        for (String v : inner.split(",", -1)) {
            String value = v.strip();
            checkValue(key, value, selector);
            values.add(value);
        }
        return notIn ? new NotIn(key, values) : new In(key, values);
    }

    private static int indexOfOperator(String part) {
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c == '=' || (c == '!' && i + 1 < part.length() && part.charAt(i + 1) == '=')) {
                return i;
            }
            if (c == '(') {
                return -1;
            }
        }
        return -1;
    }

    private static void checkKey(String key, String selector) {
        String problem = Labels.keyProblem(key);
        if (problem != null) {
            throw malformed(selector, problem);
        }
    }

    private static void checkValue(String key, String value, String selector) {
        if (value.contains("=") || value.contains("!") || value.contains("(") || value.contains(")")) {
            throw malformed(selector, "label value '" + value + "' of key '" + key + "' is invalid");
        }
        String problem = Labels.valueProblem(key, value);
        if (problem != null) {
            throw malformed(selector, problem);
        }
    }

    private static FlotillaException malformed(String selector, String why) {
        return FlotillaException.badInput("malformed selector '" + selector + "': " + why).with("selector", selector);
    }
}
