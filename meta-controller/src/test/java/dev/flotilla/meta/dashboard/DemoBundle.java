package dev.flotilla.meta.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.meta.support.Api;
import java.util.List;
import java.util.Map;

/**
 * A bundle application of tenant {@code red}: revision 1 is a ConfigMap, a Service and a CloneSet; revision 2 drops the
 * ConfigMap, adds a PodDisruptionBudget, moves the image on and gives {@link #CLUSTER} 6 replicas by an override.
 */
final class DemoBundle {

    static final String APPLICATION = "dash-bundle";
    static final String CLUSTER = "dash-eu-1";

    private DemoBundle() {
    }

    static void create(Api api) {
        created(api.post(DemoFleet.ADMIN, "/api/v1/applications",
                Map.of("name", APPLICATION, "tenant", "red", "namespace", "shop")));
        Map<String, Object> service = Map.of("apiVersion", "v1", "kind", "Service", "metadata", Map.of("name", "web"),
                "spec", Map.of("selector", Map.of("app", "web"), "ports", List.of(Map.of("port", 80))));
        created(api.post(DemoFleet.ADMIN, "/api/v1/applications/" + APPLICATION + "/revisions", Map.of("resources",
                List.of(Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata", Map.of("name", "web-config"),
                        "data", Map.of("greeting", "hello")), service, cloneSet("shop/web:v1")))));
        created(api.post(DemoFleet.ADMIN, "/api/v1/applications/" + APPLICATION + "/revisions", Map.of(
                "resources", List.of(service, Map.of("apiVersion", "policy/v1", "kind", "PodDisruptionBudget",
                        "metadata", Map.of("name", "web"), "spec", Map.of("maxUnavailable", 1)), cloneSet("shop/web:v2")),
                "overrides", List.of(Map.of("clusters", Map.of("names", List.of(CLUSTER)), "patches", List.of(Map.of(
                        "target", Map.of("kind", "CloneSet", "name", "web"),
                        "mergePatch", Map.of("spec", Map.of("replicas", 6)))))))));
    }

    private static void created(Api.Reply reply) {
        assertThat(reply.status()).as(reply.raw()).isEqualTo(201);
    }

    private static Map<String, Object> cloneSet(String image) {
        return Map.of("apiVersion", "apps.kruise.io/v1alpha1", "kind", "CloneSet", "metadata", Map.of("name", "web"),
                "spec", Map.of("replicas", 4, "selector", Map.of("matchLabels", Map.of("app", "web")),
                        "template", Map.of("metadata", Map.of("labels", Map.of("app", "web")),
                                "spec", Map.of("containers", List.of(Map.of("name", "web", "image", image))))));
    }
}
