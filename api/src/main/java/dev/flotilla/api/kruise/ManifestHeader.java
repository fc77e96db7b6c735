package dev.flotilla.api.kruise;

import dev.flotilla.api.agent.WorkloadKind;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks apiVersion, kind and metadata on the raw manifest: typed models carry their own apiVersion and kind, so
 * what the author wrote is only visible before conversion.
 */
final class ManifestHeader {

    /** DNS-1123 subdomain, as Kruise and Kubernetes validate workload names. */
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private ManifestHeader() {
    }

    /** Checks the header; false when metadata is not even an object, so reading the rest would add only noise. */
    static boolean check(WorkloadKind kind, Map<String, Object> manifest, Problems problems) {
        Object apiVersion = manifest.get("apiVersion");
        if (!ApiVersions.served(kind).contains(apiVersion)) {
            problems.add("apiVersion", "must be " + String.join(" or ", ApiVersions.served(kind)) + " for " + kind
                    + " (the versions Kruise serves), got " + describe(apiVersion));
        }
        Object kindName = manifest.get("kind");
        if (!kind.name().equals(kindName)) {
            problems.add("kind", "must be " + kind.name() + ", got " + describe(kindName));
        }
        Object metadata = manifest.get("metadata");
        if (!(metadata instanceof Map<?, ?> meta)) {
            problems.add("metadata", metadata == null ? "required" : "must be an object");
            return metadata == null;
        }
        checkName(kind, meta.get("name"), problems);
        checkNamespace(kind, meta.get("namespace"), problems);
        return true;
    }

    /**
     * CloneSet and UnitedDeployment names are DNS-1123 subdomains ({@code NameIsDNSSubdomain} in their webhooks). An
     * Advanced StatefulSet's is a DNS-1123 label ({@code ValidateStatefulSetName} of Kubernetes 1.32, which Kruise
     * v1.9.0 calls), and so, in effect, are SidecarSet and BroadcastJob names: their webhooks allow only
     * {@code [a-zA-Z0-9-]}, at most 63, and the API server allows no upper case in any custom resource's name.
     */
    private static void checkName(WorkloadKind kind, Object name, Problems problems) {
        boolean label = kind == WorkloadKind.StatefulSet || kind == WorkloadKind.SidecarSet
                || kind == WorkloadKind.BroadcastJob;
        if (name == null || "".equals(name)) {
            problems.add("metadata.name", "required");
        } else if (label && (!(name instanceof String text) || text.length() > 63
                || !DNS_LABEL.matcher(text).matches())) {
            problems.add("metadata.name", describe(name) + " is not a DNS-1123 label, as a " + kind + " name must be "
                    + "(lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 "
                    + "characters)");
        } else if (!(name instanceof String text) || text.length() > 253 || !DNS_SUBDOMAIN.matcher(text).matches()) {
            problems.add("metadata.name", describe(name) + " is not a DNS-1123 name (lowercase letters, digits, '-' "
                    + "and '.', starting and ending with a letter or digit, at most 253 characters)");
        }
    }

    private static void checkNamespace(WorkloadKind kind, Object namespace, Problems problems) {
        // A cluster-scoped SidecarSet ignores metadata.namespace, so only namespaced kinds are held to it.
        if (namespace == null || !kind.namespaced()) {
            return;
        }
        if (!(namespace instanceof String text) || text.length() > 63 || !DNS_LABEL.matcher(text).matches()) {
            problems.add("metadata.namespace", describe(namespace) + " is not a DNS-1123 label");
        }
    }

    static String describe(Object value) {
        if (value == null) {
            return "nothing";
        }
        return value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
    }
}
