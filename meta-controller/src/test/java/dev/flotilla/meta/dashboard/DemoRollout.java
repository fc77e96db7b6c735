package dev.flotilla.meta.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flotilla.meta.support.Api;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A CloneSet application of tenant {@code red} with two revisions, and a rollout of revision 2 to the red
 * clusters of {@link DemoFleet}: one canary cluster, then the rest in one wave. Its agents are played here.
 */
final class DemoRollout {

    static final String APPLICATION = "dash-web";
    /** The red clusters with agents, in the order the plan takes them. */
    static final List<String> TARGETS = List.of("dash-eu-1", "dash-eu-2", "dash-us-1");
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final DemoFleet fleet;
    private final Api api;
    final long id;

    DemoRollout(DemoFleet fleet) {
        this.fleet = fleet;
        this.api = fleet.api;
        created(api.post(DemoFleet.ADMIN, "/api/v1/applications",
                Map.of("name", APPLICATION, "tenant", "red", "namespace", "shop", "kind", "CloneSet")));
        for (int i = 1; i <= 2; i++) {
            created(api.post(DemoFleet.ADMIN, "/api/v1/applications/" + APPLICATION + "/revisions",
                    Map.of("manifest", manifest("shop/web:v" + i))));
        }
        JsonNode rollout = created(api.post(fleet.operator, "/api/v1/rollouts", Map.of(
                "application", APPLICATION, "revision", 2,
                "clusters", Map.of("names", TARGETS),
                "canary", Map.of("count", 1), "waves", List.of("100%"), "maxFailures", 1)));
        this.id = rollout.path("id").asLong();
    }

    private static JsonNode created(Api.Reply reply) {
        assertThat(reply.status()).as(reply.raw()).isEqualTo(201);
        return reply.body();
    }

    private static Map<String, Object> manifest(String image) {
        return Map.of("apiVersion", "apps.kruise.io/v1alpha1", "kind", "CloneSet",
                "metadata", Map.of("name", "web"),
                "spec", Map.of("replicas", 4,
                        "selector", Map.of("matchLabels", Map.of("app", "web")),
                        "template", Map.of(
                                "metadata", Map.of("labels", Map.of("app", "web")),
                                "spec", Map.of("containers", List.of(Map.of("name", "web", "image", image))))));
    }

    JsonNode view() {
        return api.get(DemoFleet.ADMIN, "/api/v1/rollouts/" + id).body();
    }

    String state() {
        return view().path("state").asString();
    }

    /** The clusters of a wave in a target state. */
    List<String> targets(int wave, String state) {
        JsonNode page = api.get(DemoFleet.ADMIN,
                "/api/v1/rollouts/" + id + "/targets?limit=100&wave=" + wave + "&state=" + state).body();
        List<String> names = new ArrayList<>();
        page.path("items").forEach(t -> names.add(t.path("cluster").asString()));
        return names;
    }

    /** Waits for the wave's targets to be dispatched; answers them. */
    List<String> awaitDispatched(int wave, int count) {
        await().atMost(PATIENCE).until(() -> targets(wave, "DISPATCHED").size() == count);
        return targets(wave, "DISPATCHED");
    }

    /** The cluster's agent takes its work item and reports the first of two batches in progress. */
    void startBatches(String cluster) {
        JsonNode item = item(cluster);
        fleet.agents.get(cluster).report(item, "APPLYING", 0, 2, 0, "applying revision 2");
        fleet.agents.get(cluster).report(item, "BATCH_IN_PROGRESS", 1, 2, 2, "batch 1 of 2");
    }

    /** The cluster's agent reports its work item done. */
    void succeed(String cluster) {
        fleet.agents.get(cluster).report(item(cluster), "SUCCEEDED", 2, 2, 4, "all 4 pods on revision 2");
    }

    private JsonNode item(String cluster) {
        FakeAgent agent = fleet.agents.get(cluster);
        return agent.poll().stream()
                .filter(i -> i.path("application").asString().equals(APPLICATION))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no work item of " + APPLICATION + " for " + cluster));
    }
}
