package dev.flotilla.meta.cluster;

import dev.flotilla.meta.web.FlotillaException;
import java.util.Map;

/**
 * The syntax the inventory accepts. Names, tenants, regions and zones are DNS-1123 labels (lower-case
 * alphanumerics and '-', at most 63 characters), so they are safe in URLs, Kubernetes names and metric tags.
 * Labels follow the Kubernetes key/value syntax, at most {@value #MAX_LABELS} per cluster.
 */
public final class ClusterSyntax {

    public static final String DNS_LABEL = "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$";
    public static final String DNS_LABEL_MESSAGE = "must be a DNS-1123 label (lower-case alphanumerics and '-', "
            + "at most 63 characters, starting and ending with an alphanumeric)";
    public static final int MAX_LABELS = 64;

    private ClusterSyntax() {
    }

    public static String requireDnsLabel(String field, String value) {
        if (!Labels.isDnsLabel(value)) {
            throw FlotillaException.badInput("field '" + field + "' " + DNS_LABEL_MESSAGE
                    + (value == null ? "" : " (was '" + value + "')")).with("field", field);
        }
        return value;
    }

    /** Checks a complete label set: the count, every key and every value. */
    public static void checkLabels(Map<String, String> labels) {
        if (labels.size() > MAX_LABELS) {
            throw FlotillaException.badInput("field 'labels' has " + labels.size() + " labels; at most "
                    + MAX_LABELS + " are allowed").with("field", "labels");
        }
        labels.forEach((key, value) -> {
            String problem = Labels.keyProblem(key);
            if (problem == null) {
                problem = Labels.valueProblem(key, value);
            }
            if (problem != null) {
                throw FlotillaException.badInput("field 'labels': " + problem).with("field", "labels." + key);
            }
        });
    }
}
