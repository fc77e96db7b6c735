package dev.flotilla.agent.backend.kubernetes;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the API server's {@code apiserver_requested_deprecated_apis} gauge from its {@code /metrics} text: a series
 * per deprecated API that was requested since the server started, set to 1. Only series that name a
 * {@code removed_release} count: those APIs go away in that release, which is what upgrade preflight checks.
 */
final class DeprecatedApis {

    private static final String METRIC = "apiserver_requested_deprecated_apis";
    private static final Pattern SAMPLE = Pattern.compile("^" + METRIC + "\\{([^}]*)}\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private DeprecatedApis() {
    }

    /** The APIs requested that a later release removes, as {@code group/version/resource} ({@code version/resource} for core). */
    static List<String> requested(String metricsText) {
        TreeSet<String> apis = new TreeSet<>();
        for (String line : metricsText.split("\r?\n")) {
            if (!line.startsWith(METRIC + "{")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.find() || !requestedValue(sample.group(2))) {
                continue;
            }
            Map<String, String> labels = labels(sample.group(1));
            String version = labels.get("version");
            String resource = labels.get("resource");
            if (version == null || version.isEmpty() || resource == null || resource.isEmpty()
                    || labels.getOrDefault("removed_release", "").isEmpty()) {
                continue;
            }
            String group = labels.getOrDefault("group", "");
            apis.add((group.isEmpty() ? "" : group + "/") + version + "/" + resource);
        }
        return List.copyOf(apis);
    }

    private static boolean requestedValue(String value) {
        try {
            return Double.parseDouble(value) > 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Map<String, String> labels(String text) {
        Map<String, String> labels = new java.util.HashMap<>();
        Matcher label = LABEL.matcher(text);
        while (label.find()) {
            labels.put(label.group(1), label.group(2));
        }
        return labels;
    }
}
