package dev.flotilla.sim.fleet;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The demo's sample application, a bundle in namespace {@code shop}: a ConfigMap {@code web-config} holding the
 * cluster's own host name ({@code ${cluster.name}} substituted per cluster), a Service {@code web} and a CloneSet
 * {@code web} of six replicas, whose revisions differ only in the container image (so Kruise may update them in
 * place). A per-region override gives the clusters of {@code ap-south} four replicas and the image from a regional
 * mirror.
 */
final class DemoApplication {

    static final String NAME = "web";
    static final String MIRRORED_REGION = "ap-south";
    static final String MIRROR = "mirror.ap-south.example";

    private final Portal portal;

    DemoApplication(Portal portal) {
        this.portal = portal;
    }

    /** Creates the application unless it exists (a demo run again on the same data). */
    void ensure() {
        try {
            portal.post("/api/v1/applications", Map.of("name", NAME, "tenant", "shop", "namespace", "shop",
                    "kind", "CloneSet"));
        } catch (Portal.Refused e) {
            if (e.status() != 409) {
                throw e;
            }
        }
    }

    /** Adds a revision running {@code image} and answers its number. */
    int addRevision(String image) {
        JsonNode revision = portal.post("/api/v1/applications/" + NAME + "/revisions",
                Map.of("resources", List.of(configMap(), service(), cloneSet(image)),
                        "overrides", List.of(regionalMirror(image))));
        return revision.path("revision").asInt();
    }

    static Map<String, Object> configMap() {
        return Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata", Map.of("name", NAME + "-config"),
                "data", Map.of("host", "${cluster.name}.shop.example", "region", "${cluster.region}"));
    }

    static Map<String, Object> service() {
        return Map.of("apiVersion", "v1", "kind", "Service", "metadata", Map.of("name", NAME),
                "spec", Map.of("selector", Map.of("app", NAME), "ports", List.of(Map.of("port", 80,
                        "targetPort", 8080))));
    }

    /** The override of one region: fewer replicas and the image pulled from the region's mirror. */
    static Map<String, Object> regionalMirror(String image) {
        String mirrored = MIRROR + image.substring(image.indexOf('/'));
        Map<String, Object> target = Map.of("kind", "CloneSet", "name", NAME);
        return Map.of("clusters", Map.of("selector", "topology.kubernetes.io/region=" + MIRRORED_REGION),
                "patches", List.of(
                        Map.of("target", target, "mergePatch", Map.of("spec", Map.of("replicas", 4))),
                        Map.of("target", target, "jsonPatch", List.of(Map.of("op", "replace",
                                "path", "/spec/template/spec/containers/0/image", "value", mirrored)))));
    }

    static Map<String, Object> cloneSet(String image) {
        Map<String, Object> labels = Map.of("app", NAME);
        Map<String, Object> container = new LinkedHashMap<>();
        container.put("name", "app");
        container.put("image", image);
        container.put("readinessProbe", Map.of("httpGet", Map.of("path", "/healthz", "port", 8080)));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("replicas", 6);
        spec.put("selector", Map.of("matchLabels", labels));
        spec.put("template", Map.of("metadata", Map.of("labels", labels),
                "spec", Map.of("containers", List.of(container))));
        spec.put("updateStrategy", Map.of("type", "InPlaceIfPossible", "maxUnavailable", "50%"));
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("apiVersion", "apps.kruise.io/v1alpha1");
        manifest.put("kind", "CloneSet");
        manifest.put("metadata", Map.of("name", NAME, "namespace", "shop"));
        manifest.put("spec", spec);
        return manifest;
    }
}
