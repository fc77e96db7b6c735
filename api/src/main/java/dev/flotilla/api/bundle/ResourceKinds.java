package dev.flotilla.api.bundle;

import dev.flotilla.api.agent.WorkloadKind;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What Flotilla knows about a kind without asking an API server: whether it is cluster-scoped, and whether it is
 * one of the Kruise workloads it steps batch by batch.
 */
public final class ResourceKinds {

    /** The group of Kruise's workload kinds. */
    public static final String KRUISE_GROUP = "apps.kruise.io";
    /** The group of CustomResourceDefinitions. */
    public static final String CRD_GROUP = "apiextensions.k8s.io";

    /**
     * Cluster-scoped kinds by API group: Kubernetes' built-in ones ({@code kubectl api-resources --namespaced=false}
     * on a v1.32 cluster) and OpenKruise v1.9's ({@code config/crd/bases}, {@code scope: Cluster}).
     */
    private static final Map<String, Set<String>> CLUSTER_SCOPED = Map.ofEntries(
            Map.entry("", Set.of("Namespace", "Node", "PersistentVolume", "ComponentStatus")),
            Map.entry(CRD_GROUP, Set.of("CustomResourceDefinition")),
            Map.entry("apiregistration.k8s.io", Set.of("APIService")),
            Map.entry("rbac.authorization.k8s.io", Set.of("ClusterRole", "ClusterRoleBinding")),
            Map.entry("scheduling.k8s.io", Set.of("PriorityClass")),
            Map.entry("storage.k8s.io", Set.of("StorageClass", "CSIDriver", "CSINode", "VolumeAttachment",
                    "VolumeAttributesClass")),
            Map.entry("admissionregistration.k8s.io", Set.of("MutatingWebhookConfiguration",
                    "ValidatingWebhookConfiguration", "ValidatingAdmissionPolicy",
                    "ValidatingAdmissionPolicyBinding")),
            Map.entry("networking.k8s.io", Set.of("IngressClass", "IPAddress", "ServiceCIDR")),
            Map.entry("node.k8s.io", Set.of("RuntimeClass")),
            Map.entry("certificates.k8s.io", Set.of("CertificateSigningRequest", "ClusterTrustBundle")),
            Map.entry("flowcontrol.apiserver.k8s.io", Set.of("FlowSchema", "PriorityLevelConfiguration")),
            Map.entry("policy", Set.of("PodSecurityPolicy")),
            Map.entry(KRUISE_GROUP, Set.of("SidecarSet", "NodeImage", "ResourceDistribution", "NodePodProbe")));

    private ResourceKinds() {
    }

    /** The group of an apiVersion: {@code apps} for {@code apps/v1}, empty for the core {@code v1}. */
    public static String group(String apiVersion) {
        if (apiVersion == null) {
            return null;
        }
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    /** Whether the kind of that group is one of the cluster-scoped kinds known without the bundle's own CRDs. */
    public static boolean knownClusterScoped(String group, String kind) {
        return CLUSTER_SCOPED.getOrDefault(group == null ? "" : group, Set.of()).contains(kind);
    }

    /**
     * The Kruise workload kind of a manifest, if it is one. {@code CloneSet}, {@code UnitedDeployment},
     * {@code SidecarSet} and {@code BroadcastJob} are Kruise's whatever apiVersion says (no other kind is named so,
     * and the workload rules then refuse a wrong apiVersion); {@code StatefulSet} is Kruise's Advanced StatefulSet
     * only in {@code apps.kruise.io}, as {@code apps/v1} has its own.
     */
    public static Optional<WorkloadKind> kruiseWorkload(String apiVersion, String kind) {
        for (WorkloadKind k : WorkloadKind.values()) {
            if (k.name().equals(kind)) {
                boolean kruise = KRUISE_GROUP.equals(group(apiVersion));
                return k == WorkloadKind.StatefulSet && !kruise ? Optional.empty() : Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /** {@link #kruiseWorkload(String, String)} of a manifest. */
    public static Optional<WorkloadKind> kruiseWorkload(Map<String, Object> manifest) {
        return manifest.get("apiVersion") instanceof String v && manifest.get("kind") instanceof String k
                ? kruiseWorkload(v, k) : Optional.empty();
    }
}
