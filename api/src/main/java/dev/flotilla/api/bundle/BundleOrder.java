package dev.flotilla.api.bundle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The order a bundle is applied in: Namespaces, then CustomResourceDefinitions (so the objects that live in the one
 * or are of the other find them), then ServiceAccounts, Roles and ClusterRoles, their bindings, ConfigMaps and
 * Secrets (what pods mount or run as), then Services (before the pods that resolve them), then every other
 * resource, and last the Kruise workloads, in manifest order, which the agent drives batch by batch one after the
 * other. Within a rank the manifest order is kept. This follows the install order of Helm's {@code kind_sorter.go},
 * coarser where Flotilla's contract with the agent says so. Removal is the exact reverse: the workloads first.
 */
public final class BundleOrder {

    /** Ranks, lowest first. */
    static final int NAMESPACE = 0;
    static final int CRD = 1;
    static final int SERVICE_ACCOUNT = 2;
    static final int ROLE = 3;
    static final int ROLE_BINDING = 4;
    static final int CONFIG = 5;
    static final int SERVICE = 6;
    static final int OTHER = 7;
    static final int WORKLOAD = 8;

    private BundleOrder() {
    }

    /** The rank of a kind in the apply order, lowest first. */
    public static int rank(String apiVersion, String kind) {
        if (ResourceKinds.kruiseWorkload(apiVersion, kind).isPresent()) {
            return WORKLOAD;
        }
        String group = ResourceKinds.group(apiVersion);
        boolean core = "".equals(group);
        boolean rbac = "rbac.authorization.k8s.io".equals(group);
        if (core && "Namespace".equals(kind)) {
            return NAMESPACE;
        }
        if (ResourceKinds.CRD_GROUP.equals(group) && "CustomResourceDefinition".equals(kind)) {
            return CRD;
        }
        if (core && "ServiceAccount".equals(kind)) {
            return SERVICE_ACCOUNT;
        }
        if (rbac && ("Role".equals(kind) || "ClusterRole".equals(kind))) {
            return ROLE;
        }
        if (rbac && ("RoleBinding".equals(kind) || "ClusterRoleBinding".equals(kind))) {
            return ROLE_BINDING;
        }
        if (core && ("ConfigMap".equals(kind) || "Secret".equals(kind))) {
            return CONFIG;
        }
        return core && "Service".equals(kind) ? SERVICE : OTHER;
    }

    /** The rank of a manifest's kind. */
    public static int rank(Map<String, Object> manifest) {
        return rank(manifest.get("apiVersion") instanceof String v ? v : null,
                manifest.get("kind") instanceof String k ? k : null);
    }

    /** The resources in apply order (a new list; the manifests are not copied). */
    public static List<Map<String, Object>> applyOrder(List<Map<String, Object>> resources) {
        int[] ranks = resources.stream().mapToInt(BundleOrder::rank).toArray();
        return IntStream.range(0, resources.size()).boxed()
                .sorted(Comparator.<Integer>comparingInt(i -> ranks[i]).thenComparingInt(i -> i))
                .map(resources::get).toList();
    }

    /** The resources in removal order: the reverse of {@link #applyOrder}, so the workloads go first. */
    public static List<Map<String, Object>> removalOrder(List<Map<String, Object>> resources) {
        List<Map<String, Object>> order = new ArrayList<>(applyOrder(resources));
        Collections.reverse(order);
        return List.copyOf(order);
    }

    /** Whether the manifest is one of the Kruise workloads the agent steps (the last rank). */
    public static boolean workload(Map<String, Object> manifest) {
        return rank(manifest) == WORKLOAD;
    }
}
