package dev.flotilla.e2e;

import static org.awaitility.Awaitility.await;

import dev.flotilla.sim.fleet.Portal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Applications, revisions and rollouts through the portal API, as a platform portal would drive them. */
final class Rollouts {

    static final Set<String> FINAL = Set.of("SUCCEEDED", "ABORTED", "ROLLED_BACK", "FAILED");

    private final Portal portal;

    Rollouts(Portal portal) {
        this.portal = portal;
    }

    /** Creates a CloneSet application of {@code replicas} pods and one revision per image; answers the numbers. */
    List<Integer> application(String name, int replicas, String... images) {
        portal.post("/api/v1/applications", Map.of("name", name, "tenant", "shop", "namespace", "shop",
                "kind", "CloneSet"));
        List<Integer> revisions = new ArrayList<>();
        for (String image : images) {
            revisions.add(portal.post("/api/v1/applications/" + name + "/revisions",
                    Map.of("manifest", cloneSet(name, replicas, image))).path("revision").asInt());
        }
        return revisions;
    }

    long start(Map<String, Object> request) {
        return portal.post("/api/v1/rollouts", request).path("id").asLong();
    }

    JsonNode get(long id) {
        return portal.get("/api/v1/rollouts/" + id);
    }

    String state(long id) {
        return get(id).path("state").asString();
    }

    int count(long id, String targetState) {
        return get(id).path("counts").path(targetState).asInt();
    }

    void control(long id, String action) {
        portal.post("/api/v1/rollouts/" + id + "/" + action, null);
    }

    /** Waits for the rollout to reach a final state and answers it. */
    JsonNode awaitFinal(long id, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(250)).until(() -> FINAL.contains(state(id)));
        return get(id);
    }

    void awaitState(long id, String state, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(250)).until(() -> state.equals(state(id)));
    }

    /** The targets of a rollout by cluster name (one page of up to 1000). */
    Map<String, JsonNode> targets(long id) {
        Map<String, JsonNode> byCluster = new LinkedHashMap<>();
        portal.get("/api/v1/rollouts/" + id + "/targets?limit=1000").path("items")
                .forEach(t -> byCluster.put(t.path("cluster").asString(), t));
        return byCluster;
    }

    /** A rollout request over the clusters of one simulated fleet; callers add waves, strategy and policies. */
    static Map<String, Object> request(String application, int revision, String fleet) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("application", application);
        request.put("revision", revision);
        request.put("clusters", Map.of("selector", "fleet=" + fleet));
        return request;
    }

    static Map<String, Object> cloneSet(String name, int replicas, String image) {
        Map<String, Object> labels = Map.of("app", name);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("replicas", replicas);
        spec.put("selector", Map.of("matchLabels", labels));
        spec.put("template", Map.of("metadata", Map.of("labels", labels),
                "spec", Map.of("containers", List.of(Map.of("name", "app", "image", image)))));
        return Map.of("apiVersion", "apps.kruise.io/v1alpha1", "kind", "CloneSet",
                "metadata", Map.of("name", name, "namespace", "shop"), "spec", spec);
    }
}
