package dev.flotilla.meta.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flotilla.meta.support.Api;
import dev.flotilla.meta.support.Fleet;
import dev.flotilla.testsupport.SharedPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Shared steps of the rollout integration tests: applications, rollouts, and agents finishing their work. */
abstract class RolloutHarness {

    static final String ADMIN = SharedPostgres.ADMIN_TOKEN;
    static final Duration PATIENCE = Duration.ofSeconds(60);

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    Api api;
    Fleet fleet;

    @BeforeEach
    void connect() {
        api = new Api(port);
        fleet = new Fleet(api, jdbc);
    }

    /** Creates a CloneSet application with revisions 1..revisions; answers its name. */
    String application(int revisions) {
        String name = fleet.name("web");
        assertThat(api.post(ADMIN, "/api/v1/applications",
                Map.of("name", name, "tenant", "acme", "namespace", "shop", "kind", "CloneSet")).status())
                .isEqualTo(201);
        for (int i = 1; i <= revisions; i++) {
            assertThat(api.post(ADMIN, "/api/v1/applications/" + name + "/revisions",
                    Map.of("manifest", manifest(name, "web:v" + i))).status()).isEqualTo(201);
        }
        return name;
    }

    static Map<String, Object> manifest(String name, String image) {
        return Map.of("apiVersion", "apps.kruise.io/v1alpha1", "kind", "CloneSet",
                "metadata", Map.of("name", name),
                "spec", Map.of("replicas", 3,
                        "selector", Map.of("matchLabels", Map.of("app", name)),
                        "template", Map.of("metadata", Map.of("labels", Map.of("app", name)),
                                "spec", Map.of("containers", List.of(Map.of("name", "app", "image", image))))));
    }

    /** A rollout body selecting this test's fleet, with extra fields. */
    Map<String, Object> body(String app, int revision, Object... extra) {
        Map<String, Object> body = new HashMap<>();
        body.put("application", app);
        body.put("revision", revision);
        body.put("clusters", Map.of("selector", fleet.selector()));
        for (int i = 0; i < extra.length; i += 2) {
            body.put((String) extra[i], extra[i + 1]);
        }
        return body;
    }

    long start(Map<String, Object> body) {
        Api.Reply reply = api.post(ADMIN, "/api/v1/rollouts", body);
        assertThat(reply.status()).as(reply.raw()).isEqualTo(201);
        return reply.body().path("id").asLong();
    }

    JsonNode rollout(long id) {
        return api.get(ADMIN, "/api/v1/rollouts/" + id).body();
    }

    void awaitState(long id, String state) {
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(rollout(id).path("state").asString()).isEqualTo(state));
    }

    /** Target names of the rollout in a state (all pages). */
    List<String> targets(long id, String query) {
        List<String> names = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = api.get(ADMIN, "/api/v1/rollouts/" + id + "/targets?limit=50&" + query
                    + (cursor == null ? "" : "&cursor=" + cursor)).body();
            page.path("items").forEach(t -> names.add(t.path("cluster").asString()));
            cursor = page.path("nextCursor").isNull() || page.path("nextCursor").isMissingNode() ? null
                    : page.path("nextCursor").asString();
        } while (cursor != null);
        return names;
    }

    /** Waits until some targets are DISPATCHED, then has their agents report success; answers them. */
    List<String> finishDispatched(long id, String app) {
        await().atMost(PATIENCE).until(() -> !targets(id, "state=DISPATCHED").isEmpty());
        List<String> dispatched = targets(id, "state=DISPATCHED");
        for (String cluster : dispatched) {
            assertThat(fleet.report(cluster, app, "APPLYING")).isEqualTo(204);
            assertThat(fleet.report(cluster, app, "SUCCEEDED")).isEqualTo(204);
        }
        return dispatched;
    }

    /** Finishes dispatched targets until the rollout leaves RUNNING; answers the clusters in finishing order. */
    List<String> driveToEnd(long id, String app) {
        List<String> order = new ArrayList<>();
        while (true) {
            await().atMost(PATIENCE).until(() -> !targets(id, "state=DISPATCHED").isEmpty()
                    || !rollout(id).path("state").asString().equals("RUNNING"));
            if (!rollout(id).path("state").asString().equals("RUNNING")) {
                return order;
            }
            order.addAll(finishDispatched(id, app));
        }
    }

    int count(JsonNode rollout, String state) {
        return rollout.path("counts").path(state).asInt();
    }
}
