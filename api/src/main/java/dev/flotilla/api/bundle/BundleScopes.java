package dev.flotilla.api.bundle;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which kinds of a bundle are cluster-scoped: the {@linkplain ResourceKinds#knownClusterScoped known ones} and those
 * of the bundle's own CustomResourceDefinitions with {@code spec.scope: Cluster}. Every other kind is taken as
 * namespaced, as most custom resources are.
 */
public final class BundleScopes {

    private final Set<String> clusterScopedCustom;

    private BundleScopes(Set<String> clusterScopedCustom) {
        this.clusterScopedCustom = clusterScopedCustom;
    }

    /** The scopes the bundle's own CRDs add ({@code spec.group}, {@code spec.names.kind}, {@code spec.scope}). */
    public static BundleScopes of(List<Map<String, Object>> resources) {
        Set<String> custom = new HashSet<>();
        for (Map<String, Object> resource : resources) {
            if (resource != null && "CustomResourceDefinition".equals(resource.get("kind"))
                    && ResourceKinds.CRD_GROUP.equals(ResourceKinds.group(String.valueOf(resource.get("apiVersion"))))
                    && resource.get("spec") instanceof Map<?, ?> spec && "Cluster".equals(spec.get("scope"))
                    && spec.get("names") instanceof Map<?, ?> names) {
                custom.add(spec.get("group") + "/" + names.get("kind"));
            }
        }
        return new BundleScopes(Set.copyOf(custom));
    }

    /** Whether objects of that apiVersion and kind are cluster-scoped. */
    public boolean clusterScoped(String apiVersion, String kind) {
        String group = ResourceKinds.group(apiVersion);
        return ResourceKinds.knownClusterScoped(group, kind) || clusterScopedCustom.contains(group + "/" + kind);
    }
}
