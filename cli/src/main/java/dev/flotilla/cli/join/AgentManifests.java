package dev.flotilla.cli.join;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * The agent's manifests for {@code kubectl apply}: the objects the agent chart renders without hosted control planes
 * (namespace, service account, the same RBAC: Kruise workloads, nodes, the Kruise manager's Deployment, events,
 * {@code /metrics}, its own token Secret; no pods), the Deployment, and a Secret holding the registration token, with
 * the agent's {@code flotilla.agent.registration-token}, {@code cluster-name} and {@code cluster-labels} settings.
 */
record AgentManifests(String namespace, String image, AgentSettings agent) {

    /** Keys in order: documents read apiVersion, kind, metadata first, and the output is the same every time. */
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).enable(YAMLWriteFeature.MINIMIZE_QUOTES).build();
    static final String NAME = "flotilla-agent";
    /** The Secret the agent keeps its agent token in (its token store's default secret name). */
    static final String TOKEN_SECRET = "flotilla-agent-token";

    /** The documents, separated by {@code ---}. */
    String yaml() {
        StringBuilder text = new StringBuilder();
        for (Map<String, Object> document : documents()) {
            String yaml = YAML.writeValueAsString(document);
            text.append(yaml).append(yaml.endsWith("\n") ? "" : "\n");
        }
        return text.toString();
    }

    List<Map<String, Object>> documents() {
        Map<String, Object> ns = Map.of("name", namespace);
        Map<String, Object> named = Map.of("name", NAME, "namespace", namespace);
        Map<String, Object> subject = Map.of("kind", "ServiceAccount", "name", NAME, "namespace", namespace);
        return List.of(
                doc("v1", "Namespace", ns, Map.of()),
                doc("v1", "ServiceAccount", named, Map.of()),
                doc("rbac.authorization.k8s.io/v1", "ClusterRole", Map.of("name", NAME), Map.of("rules", List.of(
                        rule("apps.kruise.io", List.of("clonesets", "statefulsets", "uniteddeployments", "sidecarsets",
                                "broadcastjobs"), List.of("get", "list", "watch", "create", "update", "patch")),
                        rule("", List.of("nodes"), List.of("get", "list", "watch")),
                        Map.of("apiGroups", List.of("apps"), "resources", List.of("deployments"),
                                "resourceNames", List.of("kruise-controller-manager"), "verbs", List.of("get")),
                        Map.of("apiGroups", List.of("", "events.k8s.io"), "resources", List.of("events"),
                                "verbs", List.of("create", "patch")),
                        Map.of("nonResourceURLs", List.of("/metrics"), "verbs", List.of("get"))))),
                doc("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", Map.of("name", NAME), Map.of(
                        "roleRef", roleRef("ClusterRole", NAME), "subjects", List.of(subject))),
                doc("rbac.authorization.k8s.io/v1", "Role", Map.of("name", NAME + "-token", "namespace", namespace),
                        Map.of("rules", List.of(rule("", List.of("secrets"), List.of("create")),
                                Map.of("apiGroups", List.of(""), "resources", List.of("secrets"),
                                        "resourceNames", List.of(TOKEN_SECRET), "verbs", List.of("get", "update"))))),
                doc("rbac.authorization.k8s.io/v1", "RoleBinding", Map.of("name", NAME + "-token", "namespace",
                        namespace), Map.of("roleRef", roleRef("Role", NAME + "-token"), "subjects", List.of(subject))),
                doc("v1", "Secret", Map.of("name", NAME + "-registration", "namespace", namespace),
                        Map.of("type", "Opaque", "stringData", Map.of("token", agent.token()))),
                doc("apps/v1", "Deployment", named, Map.of("spec", deployment())));
    }

    private Map<String, Object> deployment() {
        List<String> args = new ArrayList<>(List.of("--flotilla.agent.url=" + agent.hubUrl(),
                "--flotilla.agent.cluster-name=" + agent.clusterName()));
        // a map key in brackets keeps its dots and slashes (Spring Boot's relaxed binding of map keys)
        agent.labels().forEach((key, value) -> args.add("--flotilla.agent.cluster-labels[" + key + "]=" + value));
        Map<String, Object> container = new LinkedHashMap<>();
        container.put("name", "agent");
        container.put("image", image);
        container.put("args", args);
        container.put("env", List.of(Map.of("name", "FLOTILLA_AGENT_REGISTRATIONTOKEN", "valueFrom",
                Map.of("secretKeyRef", Map.of("name", NAME + "-registration", "key", "token")))));
        container.put("resources", Map.of("requests", Map.of("cpu", "50m", "memory", "192Mi"),
                "limits", Map.of("memory", "256Mi")));
        Map<String, Object> labels = Map.of("app.kubernetes.io/name", NAME);
        return Map.of("replicas", 1, "strategy", Map.of("type", "Recreate"),
                "selector", Map.of("matchLabels", labels),
                "template", Map.of("metadata", Map.of("labels", labels), "spec", Map.of(
                        "serviceAccountName", NAME, "securityContext", Map.of("runAsNonRoot", true),
                        "containers", List.of(container))));
    }

    private static Map<String, Object> doc(String apiVersion, String kind, Map<String, Object> metadata,
            Map<String, Object> rest) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("apiVersion", apiVersion);
        document.put("kind", kind);
        document.put("metadata", metadata);
        document.putAll(rest);
        return document;
    }

    private static Map<String, Object> rule(String group, List<String> resources, List<String> verbs) {
        return Map.of("apiGroups", List.of(group), "resources", resources, "verbs", verbs);
    }

    private static Map<String, Object> roleRef(String kind, String name) {
        return Map.of("apiGroup", "rbac.authorization.k8s.io", "kind", kind, "name", name);
    }
}
