package dev.flotilla.sim.fleet;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The demo's sample application: a CloneSet {@code web} of six replicas in namespace {@code shop}, whose revisions
 * differ only in the container image (so Kruise may update them in place).
 */
final class DemoApplication {

    static final String NAME = "web";

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
                Map.of("manifest", cloneSet(image)));
        return revision.path("revision").asInt();
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
