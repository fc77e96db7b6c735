package dev.flotilla.e2e;

import static dev.flotilla.e2e.Rollouts.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.flotilla.sim.fleet.ApplicationMetrics;
import dev.flotilla.sim.fleet.Fleet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * Waves promoted by metrics from a real Prometheus (the machine's {@code prometheus} binary, started by the test
 * with its own config and data), scraping the simulated fleet's application metrics: requests per cluster, with a
 * share answered 500 by the pods of a revision given an error rate.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnalysisGateE2E {

    private static final Duration LONG = Duration.ofSeconds(120);
    private static final String ERROR_RATIO = "sum(rate(flotilla_sim_app_requests_total{code=\"500\","
            + "cluster=~\"${clusters}\",application=\"${application}\"}[5s])) / sum(rate("
            + "flotilla_sim_app_requests_total{cluster=~\"${clusters}\",application=\"${application}\"}[5s]))";
    private ApplicationMetrics metrics;
    private PrometheusServer prometheus;
    private MetaController meta;
    private Rollouts rollouts;
    private Fleet fleet;

    @BeforeAll
    void start() throws InterruptedException {
        assumeTrue(PrometheusServer.installed(), "no /usr/bin/prometheus: install Debian's prometheus package "
                + "(.ci/run does) to run the analysis tests against a real Prometheus");
        metrics = new ApplicationMetrics("shop", List.of("good", "bad", "blind", "spotty"));
        prometheus = new PrometheusServer(metrics.url());
        prometheus.start();
        meta = new MetaController("--flotilla.analysis.providers.prom.url=" + prometheus.url());
        rollouts = new Rollouts(meta.portal());
        fleet = SimulatedFleets.startReady(meta, SimulatedFleets.spec(meta, "gate", 5));
        metrics.watch(fleet);
    }

    @AfterAll
    void stop() {
        if (fleet != null) {
            fleet.close();
        }
        if (meta != null) {
            meta.close();
        }
        if (prometheus != null) {
            prometheus.close();
        }
        if (metrics != null) {
            metrics.close();
        }
    }

    @Test
    @Order(1)
    void aGoodRevisionPassesTheAnalysisOfEveryWave() {
        int revision = rollouts.application("good", 2, "registry.example/good:1").get(0);
        long id = rollouts.start(withAnalysis(request("good", revision, "gate"), "PAUSE"));

        JsonNode done = rollouts.awaitFinal(id, LONG);

        assertThat(done.path("state").asString()).isEqualTo("SUCCEEDED");
        JsonNode analysis = meta.portal().get("/api/v1/campaigns/" + id + "/analysis");
        assertThat(analysis.path("waves").size()).isEqualTo(3);
        analysis.path("waves").forEach(w -> {
            assertThat(w.path("verdict").asString()).as("wave %s", w.path("wave")).isEqualTo("PASSED");
            List<JsonNode> measured = new ArrayList<>();
            w.path("measurements").forEach(measured::add);
            assertThat(measured).as("wave %s", w.path("wave")).anySatisfy(m -> {
                assertThat(m.path("verdict").asString()).isEqualTo("SUCCESSFUL");
                assertThat(m.path("value").asDouble()).isLessThan(0.01);
            });
        });
        assertThat(events(id)).contains("ANALYSIS_MEASURED", "ANALYSIS_PASSED");
    }

    @Test
    @Order(2)
    void aRevisionWhoseErrorRateRisesFailsTheCanaryAndTheFleetIsRolledBackWithoutAHuman() {
        List<Integer> revisions = rollouts.application("bad", 2, "registry.example/bad:1", "registry.example/bad:2");
        long install = rollouts.start(request("bad", revisions.get(0), "gate"));
        assertThat(rollouts.awaitFinal(install, LONG).path("state").asString()).isEqualTo("SUCCEEDED");
        metrics.errorRate("registry.example/bad:2", 0.3);

        long id = rollouts.start(withAnalysis(request("bad", revisions.get(1), "gate"), "ROLLBACK"));

        JsonNode done = rollouts.awaitFinal(id, LONG);
        assertThat(done.path("state").asString()).isEqualTo("ROLLED_BACK");
        JsonNode wave0 = meta.portal().get("/api/v1/campaigns/" + id + "/analysis").path("waves").get(0);
        assertThat(wave0.path("verdict").asString()).isEqualTo("FAILED");
        assertThat(wave0.path("message").asString()).contains("error-rate", "fails result < 0.05");
        assertThat(events(id)).contains("ANALYSIS_FAILED");
        assertThat(fleet.agents()).allSatisfy(a -> assertThat(Workloads.image(a, "bad"))
                .as("%s runs the first revision again, or never left it", a.name())
                .isEqualTo("registry.example/bad:1"));
        List<String> touched = rollouts.targets(id).values().stream()
                .filter(t -> !t.path("state").asString().equals("PENDING") && !t.path("state").asString()
                        .equals("SKIPPED")).map(t -> t.path("cluster").asString()).toList();
        assertThat(touched).as("only the canary got the bad revision").hasSize(1);
    }

    @Test
    @Order(3)
    void aClusterScopedMetricFailsTheOneClusterWhoseErrorsRiseAgainstTheFailureBudget() {
        int revision = rollouts.application("spotty", 2, "registry.example/spotty:1").get(0);
        String canary = fleet.spec().name(0);
        metrics.errorRate(canary, "registry.example/spotty:1", 0.5);
        Map<String, Object> request = request("spotty", revision, "gate");
        request.put("canary", Map.of("names", List.of(canary, fleet.spec().name(1))));
        request.put("waves", List.of("100%"));
        request.put("maxFailures", 0);
        request.put("analysis", Map.of("provider", "prom", "intervalSeconds", 2, "count", 2, "inconclusiveLimit", 1,
                "metrics", List.of(Map.of("name", "cluster-errors", "scope", "CLUSTER", "successCondition",
                        "result < 0.05", "query", ERROR_RATIO.replace("cluster=~\"${clusters}\"",
                                "cluster=\"${cluster}\"")))));

        long id = rollouts.start(request);

        rollouts.awaitState(id, "PAUSED", LONG);
        Map<String, JsonNode> targets = rollouts.targets(id);
        assertThat(targets.get(canary).path("state").asString()).isEqualTo("FAILED");
        assertThat(targets.get(canary).path("message").asString()).contains("analysis failed the cluster",
                "cluster-errors");
        assertThat(targets.get(fleet.spec().name(1)).path("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(rollouts.get(id).path("message").asString()).contains("failure budget");
        assertThat(targets.values().stream().filter(t -> t.path("state").asString().equals("PENDING")).count())
                .as("the next wave never started").isEqualTo(3);
    }

    @Test
    @Order(4)
    void aPrometheusThatStopsAnsweringMakesTheAnalysisInconclusiveAndPausesTheCampaign() throws Exception {
        int revision = rollouts.application("blind", 2, "registry.example/blind:1").get(0);
        long id = rollouts.start(withAnalysis(request("blind", revision, "gate"), "ROLLBACK"));
        await().atMost(LONG).pollInterval(Duration.ofMillis(200)).until(() ->
                meta.portal().get("/api/v1/campaigns/" + id + "/analysis").path("waves").size() > 0);

        prometheus.stop();
        try {
            rollouts.awaitState(id, "PAUSED", LONG);
            JsonNode paused = rollouts.get(id);
            assertThat(paused.path("message").asString()).contains("inconclusive", "cannot be reached");
            assertThat(events(id)).contains("ANALYSIS_INCONCLUSIVE");
        } finally {
            prometheus.start();
        }
    }

    private static Map<String, Object> withAnalysis(Map<String, Object> request, String onFailure) {
        request.put("canary", Map.of("count", 1));
        request.put("waves", List.of("60%", "100%"));
        request.put("onFailure", onFailure);
        request.put("analysis", Map.of("provider", "prom", "intervalSeconds", 2, "count", 2, "inconclusiveLimit", 1,
                "metrics", List.of(Map.of("name", "error-rate", "query", ERROR_RATIO,
                        "successCondition", "result < 0.05"))));
        return request;
    }

    private List<String> events(long id) {
        List<String> types = new ArrayList<>();
        meta.portal().get("/api/v1/campaigns/" + id + "/events?limit=500").path("items")
                .forEach(e -> types.add(e.path("type").asString()));
        return types;
    }
}
