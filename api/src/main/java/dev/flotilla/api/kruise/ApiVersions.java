package dev.flotilla.api.kruise;

import dev.flotilla.api.agent.WorkloadKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The apiVersions OpenKruise v1.9.0 serves for each kind ({@code config/crd/bases}), its storage version, and the
 * conversion of a manifest to the storage version where the shapes differ ({@code apis/apps/v1alpha1/*_conversion.go}).
 * Fields only the newer version has are simply absent from an older manifest, so only SidecarSet needs rewriting:
 * its v1alpha1 {@code spec.namespace} and custom-version label are v1beta1's {@code namespaceSelector} and
 * {@code customVersion}. Sending the storage version also gives the agent the status fields v1alpha1 lacks (an
 * Advanced StatefulSet's {@code updatedReadyReplicas}).
 */
public final class ApiVersions {

    static final String V1ALPHA1 = "apps.kruise.io/v1alpha1";
    static final String V1BETA1 = "apps.kruise.io/v1beta1";
    /** {@code apis/apps/v1alpha1/sidecarset_conversion.go}: the namespace label the v1alpha1 namespace becomes. */
    static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";
    static final String CUSTOM_VERSION_LABEL = "apps.kruise.io/sidecarset-custom-version";

    private ApiVersions() {
    }

    /** The apiVersions the API server serves for the kind, oldest first. */
    public static List<String> served(WorkloadKind kind) {
        return switch (kind) {
            case CloneSet, UnitedDeployment -> List.of(V1ALPHA1);
            case StatefulSet, SidecarSet, BroadcastJob -> List.of(V1ALPHA1, V1BETA1);
        };
    }

    /** The version the API server stores the kind as. */
    public static String storage(WorkloadKind kind) {
        List<String> served = served(kind);
        return served.get(served.size() - 1);
    }

    /**
     * A copy of the manifest at the storage version, converted as the API server would convert it. Assumes the
     * manifest's apiVersion is one {@linkplain #served served}; other values are left to the validator to refuse.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> toStorage(WorkloadKind kind, Map<String, Object> manifest) {
        Map<String, Object> copy = deepCopy(manifest);
        boolean sidecarV1alpha1 = kind == WorkloadKind.SidecarSet && V1ALPHA1.equals(copy.get("apiVersion"));
        copy.put("apiVersion", storage(kind));
        if (sidecarV1alpha1 && copy.get("spec") instanceof Map<?, ?> spec) {
            convertSidecarSet(copy, (Map<String, Object>) spec);
        }
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static void convertSidecarSet(Map<String, Object> manifest, Map<String, Object> spec) {
        Object namespace = spec.remove("namespace");
        if (namespace instanceof String name && !name.isEmpty()) {
            spec.put("namespaceSelector", new LinkedHashMap<>(Map.of("matchLabels",
                    new LinkedHashMap<>(Map.of(NAMESPACE_NAME_LABEL, name)))));
        }
        if (manifest.get("metadata") instanceof Map<?, ?> metadata && metadata.get("labels") instanceof Map<?, ?> l) {
            Map<String, Object> labels = (Map<String, Object>) l;
            Object custom = labels.remove(CUSTOM_VERSION_LABEL);
            if (custom != null) {
                spec.put("customVersion", custom);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T deepCopy(T value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), deepCopy(v)));
            return (T) copy;
        }
        if (value instanceof List<?> list) {
            return (T) new java.util.ArrayList<>(list.stream().map(ApiVersions::deepCopy).toList());
        }
        return value;
    }
}
