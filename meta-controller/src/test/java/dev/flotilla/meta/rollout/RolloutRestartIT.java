package dev.flotilla.meta.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flotilla.meta.FlotillaMetaController;
import dev.flotilla.meta.support.Api;
import dev.flotilla.meta.support.Fleet;
import dev.flotilla.testsupport.SharedPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** The meta-controller is stopped mid-rollout and a new instance on the same database carries on. */
class RolloutRestartIT {

    private static final String ADMIN = SharedPostgres.ADMIN_TOKEN;
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    void aRestartedMetaControllerCarriesOnWithoutDispatchingAnyClusterTwice() {
        String[] properties = {"spring.datasource.url=" + SharedPostgres.newDatabase(),
                "spring.datasource.username=postgres", "spring.datasource.password=", "server.port=0",
                "flotilla.admin-token=" + ADMIN,
                "flotilla.data-dir=" + System.getProperty("java.io.tmpdir") + "/flotilla-restart-test"};
        ConfigurableApplicationContext first = start(properties);
        Api api = api(first);
        Fleet fleet = new Fleet(api, first.getBean(JdbcClient.class));
        List<String> clusters = fleet.addInZones(3, "a", "b");
        String app = fleet.name("web");
        api.post(ADMIN, "/api/v1/applications", Map.of("name", app, "tenant", "acme", "namespace", "shop",
                "kind", "CloneSet"));
        api.post(ADMIN, "/api/v1/applications/" + app + "/revisions",
                Map.of("manifest", RolloutHarness.manifest(app, "web:v1")));
        Map<String, Object> body = new HashMap<>(Map.of("application", app, "revision", 1,
                "clusters", Map.of("selector", fleet.selector()), "canary", Map.of("count", 1), "maxConcurrency", 2));
        long id = api.post(ADMIN, "/api/v1/rollouts", body).body().path("id").asLong();
        List<String> beforeRestart = new ArrayList<>(finish(api, fleet, id, app));
        await().atMost(PATIENCE).until(() -> dispatched(api, id).size() == 2);
        List<String> inFlightAtRestart = dispatched(api, id);

        first.close();
        ConfigurableApplicationContext second = start(properties);
        try {
            Api restarted = api(second);
            fleet.use(second.getBean(JdbcClient.class), restarted);
            List<String> afterRestart = new ArrayList<>();
            while (!restarted.get(ADMIN, "/api/v1/rollouts/" + id).body().path("state").asString().equals("SUCCEEDED")) {
                afterRestart.addAll(finish(restarted, fleet, id, app));
            }

            assertThat(afterRestart).startsWith(inFlightAtRestart.toArray(String[]::new));
            List<String> all = new ArrayList<>(beforeRestart);
            all.addAll(afterRestart);
            assertThat(all).containsExactlyInAnyOrderElementsOf(clusters);
            Map<String, Integer> dispatches = new HashMap<>();
            restarted.get(ADMIN, "/api/v1/rollouts/" + id + "/events?limit=1000").body().path("items").forEach(e -> {
                if (e.path("type").asString().equals("TARGET_DISPATCHED")) {
                    dispatches.merge(e.path("cluster").asString(), 1, Integer::sum);
                }
            });
            assertThat(dispatches).hasSize(6).allSatisfy((cluster, n) -> assertThat(n).as(cluster).isEqualTo(1));
            for (String cluster : clusters) {
                assertThat(fleet.item(cluster, app).path("generation").asLong()).as(cluster).isEqualTo(1);
            }
        } finally {
            second.close();
        }
    }

    private static ConfigurableApplicationContext start(String[] properties) {
        // as arguments: they must win over application.yaml (server.port), which default properties do not
        return new SpringApplicationBuilder(FlotillaMetaController.class)
                .run(java.util.Arrays.stream(properties).map(p -> "--" + p).toArray(String[]::new));
    }

    private static Api api(ConfigurableApplicationContext context) {
        return new Api(context.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
    }

    private static List<String> dispatched(Api api, long id) {
        List<String> names = new ArrayList<>();
        api.get(ADMIN, "/api/v1/rollouts/" + id + "/targets?state=DISPATCHED").body().path("items")
                .forEach(t -> names.add(t.path("cluster").asString()));
        return names;
    }

    /** Waits for dispatched targets (or the end) and has their agents succeed; answers them in order. */
    private static List<String> finish(Api api, Fleet fleet, long id, String app) {
        await().atMost(PATIENCE).until(() -> !dispatched(api, id).isEmpty()
                || api.get(ADMIN, "/api/v1/rollouts/" + id).body().path("state").asString().equals("SUCCEEDED"));
        List<String> done = dispatched(api, id);
        for (String cluster : done) {
            JsonNode item = fleet.item(cluster, app);
            assertThat(fleet.report(cluster, item.path("workId").asString(), item.path("generation").asLong(),
                    fleet.nextSeq(), "SUCCEEDED")).isEqualTo(204);
        }
        return done;
    }
}
