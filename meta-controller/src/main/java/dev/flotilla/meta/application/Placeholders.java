package dev.flotilla.meta.application;

import dev.flotilla.meta.web.FlotillaException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cluster's own facts in the string values of a bundle: {@code ${cluster.name}}, {@code ${cluster.region}},
 * {@code ${cluster.zone}} and {@code ${cluster.labels['k']}} (or {@code ["k"]}). {@code $${cluster.name}} stays the
 * literal text {@code ${cluster.name}}; any other {@code ${...}} (a shell variable in a container's command, say) is
 * left as it is. Map keys are never substituted.
 */
final class Placeholders {

    /** An optional escaping {@code $}, then {@code ${cluster.<expression>}}. */
    private static final Pattern PLACEHOLDER = Pattern.compile("(\\$?)\\$\\{cluster\\.([^}]*)}");
    private static final Pattern LABEL = Pattern.compile("labels\\[(?:'([^']+)'|\"([^\"]+)\")]");

    /** A fact a cluster lacks (a label): the cluster's copy cannot be rendered. */
    static final class Missing extends RuntimeException {
        Missing(String message) {
            super(message, null, false, false);
        }
    }

    private Placeholders() {
    }

    /**
     * The expressions ({@code name}, {@code labels['k']}, ...) the value's strings use, checked: an unknown one is a
     * bad-input problem naming where it is.
     */
    static Set<String> used(Object value, String where) {
        Set<String> used = new LinkedHashSet<>();
        collect(value, where, used);
        return used;
    }

    private static void collect(Object value, String where, Set<String> used) {
        if (value instanceof Map<?, ?> map) {
            map.values().forEach(v -> collect(v, where, used));
        } else if (value instanceof List<?> list) {
            list.forEach(v -> collect(v, where, used));
        } else if (value instanceof String s && s.contains("${cluster.")) {
            Matcher m = PLACEHOLDER.matcher(s);
            while (m.find()) {
                if (m.group(1).isEmpty()) {
                    String expression = m.group(2);
                    if (!known(expression)) {
                        throw FlotillaException.badInput(where + ": unknown placeholder '${cluster." + expression
                                + "}': use ${cluster.name}, ${cluster.region}, ${cluster.zone} or "
                                + "${cluster.labels['<key>']}").with("field", where);
                    }
                    used.add(expression);
                }
            }
        }
    }

    private static boolean known(String expression) {
        return expression.equals("name") || expression.equals("region") || expression.equals("zone")
                || LABEL.matcher(expression).matches();
    }

    /** The value of an expression for the cluster; null when the cluster has no such label. */
    static String value(String expression, RenderTarget cluster) {
        return switch (expression) {
            case "name" -> cluster.name();
            case "region" -> cluster.region();
            case "zone" -> cluster.zone();
            default -> {
                Matcher m = LABEL.matcher(expression);
                if (!m.matches()) {
                    throw new IllegalArgumentException("unknown placeholder " + expression);
                }
                String key = m.group(1) != null ? m.group(1) : m.group(2);
                yield cluster.labels() == null ? null : cluster.labels().get(key);
            }
        };
    }

    /** A copy of the value with every placeholder replaced by the cluster's fact. */
    static Object substitute(Object value, RenderTarget cluster) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), substitute(v, cluster)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(substitute(v, cluster)));
            return copy;
        }
        if (value instanceof String s && s.contains("${cluster.")) {
            return substituteString(s, cluster);
        }
        return value;
    }

    private static String substituteString(String s, RenderTarget cluster) {
        Matcher m = PLACEHOLDER.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (!m.group(1).isEmpty()) {
                replacement = m.group().substring(1);
            } else {
                replacement = value(m.group(2), cluster);
                if (replacement == null) {
                    throw new Missing("cluster '" + cluster.name() + "' has no value for ${cluster." + m.group(2) + "}");
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
