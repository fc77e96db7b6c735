package dev.flotilla.agent.support;

import dev.flotilla.api.agent.ClusterStrategy;
import dev.flotilla.api.agent.UpdateType;
import dev.flotilla.api.agent.WorkItem;
import dev.flotilla.api.agent.WorkloadKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Kruise manifests and work items for tests, as the meta-controller would send them. */
public final class Manifests {

    public static final String NAMESPACE = "shop";

    private Manifests() {
    }

    public static Map<String, Object> podTemplate(String image) {
        return map("metadata", map("labels", map("app", "web")),
                "spec", map("containers", List.of(map("name", "app", "image", image))));
    }

    public static Map<String, Object> cloneSet(String name, int replicas, String image) {
        return map("apiVersion", "apps.kruise.io/v1alpha1", "kind", "CloneSet",
                "metadata", map("name", name, "namespace", NAMESPACE),
                "spec", map("replicas", replicas, "selector", map("matchLabels", map("app", "web")),
                        "template", podTemplate(image)));
    }

    public static Map<String, Object> statefulSet(String name, int replicas, String image) {
        return map("apiVersion", "apps.kruise.io/v1beta1", "kind", "StatefulSet",
                "metadata", map("name", name, "namespace", NAMESPACE),
                "spec", map("replicas", replicas, "serviceName", name, "podManagementPolicy", "Parallel",
                        "selector", map("matchLabels", map("app", "web")), "template", podTemplate(image)));
    }

    public static Map<String, Object> unitedDeployment(String name, int replicas, String image, String... zones) {
        List<Object> subsets = new ArrayList<>();
        for (String zone : zones) {
            subsets.add(map("name", zone, "nodeSelectorTerm", map("matchExpressions", List.of(
                    map("key", "topology.kubernetes.io/zone", "operator", "In", "values", List.of(zone))))));
        }
        return map("apiVersion", "apps.kruise.io/v1alpha1", "kind", "UnitedDeployment",
                "metadata", map("name", name, "namespace", NAMESPACE),
                "spec", map("replicas", replicas, "selector", map("matchLabels", map("app", "web")),
                        "template", map("cloneSetTemplate", map("metadata", map("labels", map("app", "web")),
                                "spec", map("selector", map("matchLabels", map("app", "web")),
                                        "template", podTemplate(image)))),
                        "topology", map("subsets", subsets)));
    }

    public static Map<String, Object> sidecarSet(String name, String image) {
        return map("apiVersion", "apps.kruise.io/v1beta1", "kind", "SidecarSet",
                "metadata", map("name", name),
                "spec", map("selector", map("matchLabels", map("app", "web")),
                        "containers", List.of(map("name", "proxy", "image", image))));
    }

    public static Map<String, Object> broadcastJob(String name, String image, String failurePolicy) {
        return map("apiVersion", "apps.kruise.io/v1beta1", "kind", "BroadcastJob",
                "metadata", map("name", name, "namespace", NAMESPACE),
                "spec", map("template", map("spec", map("restartPolicy", "Never",
                        "containers", List.of(map("name", "task", "image", image)))),
                        "failurePolicy", map("type", failurePolicy)));
    }

    public static ClusterStrategy strategy(UpdateType type, String maxUnavailable, Integer deadline,
            String... partitions) {
        List<ClusterStrategy.Batch> batches = new ArrayList<>();
        for (String p : partitions) {
            batches.add(new ClusterStrategy.Batch(p, null));
        }
        return new ClusterStrategy(type, maxUnavailable, null, batches, deadline);
    }

    public static WorkItem item(String workId, WorkloadKind kind, Map<String, Object> manifest, int revision,
            ClusterStrategy strategy, boolean paused, boolean rollback, long generation) {
        Map<String, Object> metadata = (Map<String, Object>) manifest.get("metadata");
        return new WorkItem(workId, "web", kind, NAMESPACE, (String) metadata.get("name"), revision, manifest,
                strategy, paused, rollback, generation);
    }

    public static Map<String, Object> namespace(String name) {
        return map("apiVersion", "v1", "kind", "Namespace", "metadata", map("name", name));
    }

    public static Map<String, Object> configMap(String namespace, String name, String key, String value) {
        return map("apiVersion", "v1", "kind", "ConfigMap", "metadata", map("name", name, "namespace", namespace),
                "data", map(key, value));
    }

    public static Map<String, Object> service(String namespace, String name, int port) {
        return map("apiVersion", "v1", "kind", "Service", "metadata", map("name", name, "namespace", namespace),
                "spec", map("selector", map("app", "web"), "ports", List.of(map("port", port))));
    }

    public static Map<String, Object> podDisruptionBudget(String namespace, String name, int minAvailable) {
        return map("apiVersion", "policy/v1", "kind", "PodDisruptionBudget",
                "metadata", map("name", name, "namespace", namespace),
                "spec", map("minAvailable", minAvailable, "selector", map("matchLabels", map("app", "web"))));
    }

    /**
     * A bundle item of application {@code application} in {@link #NAMESPACE}, as protocol 1.2 sends it: the
     * resources in apply order, kind/name/manifest repeating the first Kruise workload.
     */
    public static WorkItem bundle(String workId, String application, int revision, ClusterStrategy strategy,
            long generation, List<Map<String, Object>> resources) {
        Map<String, Object> workload = resources.stream()
                .filter(r -> String.valueOf(r.get("apiVersion")).startsWith("apps.kruise.io/")).findFirst()
                .orElse(null);
        WorkloadKind kind = workload == null ? null : WorkloadKind.valueOf((String) workload.get("kind"));
        String name = workload == null ? null : (String) ((Map<?, ?>) workload.get("metadata")).get("name");
        return new WorkItem(workId, application, kind, NAMESPACE, name, revision, workload, strategy, false, false,
                generation, resources, false);
    }

    /** An uninstall item of {@code application}: no resources, the agent removes what its inventory holds. */
    public static WorkItem uninstall(String workId, String application, int revision, long generation) {
        return new WorkItem(workId, application, null, NAMESPACE, null, revision, null, null, false, false,
                generation, List.of(), true);
    }

    /** A mutable map of alternating keys and values. */
    public static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
