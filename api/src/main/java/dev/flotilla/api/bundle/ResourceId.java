package dev.flotilla.api.bundle;

import java.util.Map;

/**
 * What identifies an object in a cluster: its API group (not the version: {@code apps.kruise.io/v1alpha1} and
 * {@code v1beta1} name the same object), kind, namespace (null for a cluster-scoped one) and name.
 */
public record ResourceId(String group, String kind, String namespace, String name) {

    /** The identity of a manifest whose apiVersion, kind and metadata are read as they are (no defaulting). */
    public static ResourceId of(Map<String, Object> manifest) {
        Map<?, ?> metadata = manifest.get("metadata") instanceof Map<?, ?> m ? m : Map.of();
        return new ResourceId(ResourceKinds.group(text(manifest.get("apiVersion"))), text(manifest.get("kind")),
                text(metadata.get("namespace")), text(metadata.get("name")));
    }

    private static String text(Object value) {
        return value instanceof String s ? s : null;
    }

    /** {@code ConfigMap shop/web-config}, {@code ClusterRole web-reader}. */
    @Override
    public String toString() {
        return kind + " " + (namespace == null ? "" : namespace + "/") + name;
    }
}
