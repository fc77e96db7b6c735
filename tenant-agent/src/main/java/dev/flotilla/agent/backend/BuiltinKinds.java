package dev.flotilla.agent.backend;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The kinds every Kubernetes API server serves, with the resource name (plural) and scope its REST storage
 * registers ({@code NamespaceScoped()} in k8s.io/kubernetes pkg/registry, as {@code kubectl api-resources} lists
 * them on v1.30). Known statically so the common kinds of a bundle need no discovery request; any other kind is
 * looked up through API discovery ({@code /apis/<group>/<version>}), which is how kubectl's RESTMapper resolves a
 * kind too. Keyed by group and kind: a version the cluster does not serve is the API server's 404.
 */
public final class BuiltinKinds {

    /** One built-in kind: its plural resource name and whether its objects live in a namespace. */
    public record Kind(String plural, boolean namespaced) {
    }

    private static final Map<String, Kind> KINDS = new HashMap<>();

    static {
        namespaced("", "ConfigMap", "configmaps");
        namespaced("", "Secret", "secrets");
        namespaced("", "ServiceAccount", "serviceaccounts");
        namespaced("", "Service", "services");
        namespaced("", "Endpoints", "endpoints");
        namespaced("", "PersistentVolumeClaim", "persistentvolumeclaims");
        namespaced("", "LimitRange", "limitranges");
        namespaced("", "ResourceQuota", "resourcequotas");
        namespaced("", "Pod", "pods");
        namespaced("", "PodTemplate", "podtemplates");
        namespaced("", "ReplicationController", "replicationcontrollers");
        cluster("", "Namespace", "namespaces");
        cluster("", "PersistentVolume", "persistentvolumes");
        namespaced("rbac.authorization.k8s.io", "Role", "roles");
        namespaced("rbac.authorization.k8s.io", "RoleBinding", "rolebindings");
        cluster("rbac.authorization.k8s.io", "ClusterRole", "clusterroles");
        cluster("rbac.authorization.k8s.io", "ClusterRoleBinding", "clusterrolebindings");
        cluster("apiextensions.k8s.io", "CustomResourceDefinition", "customresourcedefinitions");
        namespaced("apps", "Deployment", "deployments");
        namespaced("apps", "StatefulSet", "statefulsets");
        namespaced("apps", "DaemonSet", "daemonsets");
        namespaced("apps", "ReplicaSet", "replicasets");
        namespaced("batch", "Job", "jobs");
        namespaced("batch", "CronJob", "cronjobs");
        namespaced("policy", "PodDisruptionBudget", "poddisruptionbudgets");
        namespaced("autoscaling", "HorizontalPodAutoscaler", "horizontalpodautoscalers");
        namespaced("networking.k8s.io", "Ingress", "ingresses");
        namespaced("networking.k8s.io", "NetworkPolicy", "networkpolicies");
        cluster("networking.k8s.io", "IngressClass", "ingressclasses");
        namespaced("coordination.k8s.io", "Lease", "leases");
        namespaced("discovery.k8s.io", "EndpointSlice", "endpointslices");
        cluster("scheduling.k8s.io", "PriorityClass", "priorityclasses");
        cluster("storage.k8s.io", "StorageClass", "storageclasses");
        cluster("storage.k8s.io", "CSIDriver", "csidrivers");
        cluster("node.k8s.io", "RuntimeClass", "runtimeclasses");
        cluster("admissionregistration.k8s.io", "ValidatingWebhookConfiguration", "validatingwebhookconfigurations");
        cluster("admissionregistration.k8s.io", "MutatingWebhookConfiguration", "mutatingwebhookconfigurations");
        cluster("admissionregistration.k8s.io", "ValidatingAdmissionPolicy", "validatingadmissionpolicies");
        cluster("admissionregistration.k8s.io", "ValidatingAdmissionPolicyBinding",
                "validatingadmissionpolicybindings");
        cluster("apiregistration.k8s.io", "APIService", "apiservices");
    }

    private BuiltinKinds() {
    }

    /** The built-in kind of {@code apiVersion} (any version of its group) and {@code kind}, if it is one. */
    public static Optional<Kind> of(String apiVersion, String kind) {
        int slash = apiVersion == null ? -1 : apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        return Optional.ofNullable(KINDS.get(group + "/" + kind));
    }

    private static void namespaced(String group, String kind, String plural) {
        KINDS.put(group + "/" + kind, new Kind(plural, true));
    }

    private static void cluster(String group, String kind, String plural) {
        KINDS.put(group + "/" + kind, new Kind(plural, false));
    }
}
