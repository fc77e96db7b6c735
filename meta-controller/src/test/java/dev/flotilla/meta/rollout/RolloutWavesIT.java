package dev.flotilla.meta.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flotilla.meta.support.Api;
import dev.flotilla.meta.support.IntegrationTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class RolloutWavesIT extends RolloutHarness {

    @Test
    void runsCanaryThenWavesInOrderNeverExceedingMaxConcurrency() {
        fleet.addInZones(4, "a", "b", "c");
        String app = application(1);
        long id = start(body(app, 1, "canary", Map.of("count", 2), "waves", List.of("50%", "100%"),
                "maxConcurrency", 3));

        List<Integer> finishedWaves = new ArrayList<>();
        int maxSeenInFlight = 0;
        while (true) {
            await().atMost(PATIENCE).until(() -> !items(id, "state=DISPATCHED").isEmpty()
                    || !rollout(id).path("state").asString().equals("RUNNING"));
            JsonNode rollout = rollout(id);
            if (!rollout.path("state").asString().equals("RUNNING")) {
                break;
            }
            int inFlight = count(rollout, "DISPATCHED") + count(rollout, "IN_PROGRESS");
            maxSeenInFlight = Math.max(maxSeenInFlight, inFlight);
            assertThat(inFlight).as("clusters in flight").isLessThanOrEqualTo(3);
            for (JsonNode target : items(id, "state=DISPATCHED")) {
                assertThat(target.path("wave").asInt()).isEqualTo(rollout.path("currentWave").asInt());
                String cluster = target.path("cluster").asString();
                assertThat(fleet.report(cluster, app, "APPLYING")).isEqualTo(204);
                JsonNode during = rollout(id);
                assertThat(count(during, "DISPATCHED") + count(during, "IN_PROGRESS")).isLessThanOrEqualTo(3);
                assertThat(fleet.report(cluster, app, "SUCCEEDED")).isEqualTo(204);
                finishedWaves.add(target.path("wave").asInt());
            }
        }

        JsonNode done = rollout(id);
        assertThat(done.path("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(count(done, "SUCCEEDED")).isEqualTo(12);
        assertThat(maxSeenInFlight).isEqualTo(3);
        assertThat(finishedWaves).hasSize(12).isSorted();
        assertThat(finishedWaves.subList(0, 2)).containsOnly(0);
        assertThat(finishedWaves.stream().filter(w -> w == 1).count()).isEqualTo(4);
        assertThat(done.path("waves").get(2).path("state").asString()).isEqualTo("COMPLETE");
        JsonNode clusters = api.get(ADMIN, "/api/v1/applications/" + app + "/clusters?limit=5").body();
        assertThat(clusters.path("items")).hasSize(5);
        assertThat(clusters.path("items").get(0).path("revision").asInt()).isEqualTo(1);
        assertThat(clusters.path("nextCursor").asString()).isNotBlank();
    }

    @Test
    void scatterSpreadsEveryWaveAcrossZonesInProportion() {
        fleet.addInZones(6, "a");
        fleet.addInZones(3, "b", "c");
        String app = application(1);

        JsonNode plan = dryRun(body(app, 1, "waves", List.of("50%", "100%")));

        JsonNode first = plan.path("waves").get(1);
        assertThat(first.path("targets").asInt()).isEqualTo(6);
        Map<String, Integer> perZone = new HashMap<>();
        first.path("firstClusters").forEach(n -> perZone.merge(zoneOf(n.asString()), 1, Integer::sum));
        assertThat(perZone.get("a")).isEqualTo(3);
        assertThat(perZone.get("b")).isBetween(1, 2);
        assertThat(perZone.get("c")).isBetween(1, 2);
        assertThat(plan.path("waves").get(0).path("targets").asInt()).isZero();
    }

    @Test
    void zoneByZoneRunsAllWavesOfOneZoneBeforeTheNext() {
        List<String> names = fleet.addInZones(4, "a", "b");
        String app = application(1);

        JsonNode plan = dryRun(body(app, 1, "waves", List.of("50%", "100%"), "order", "ZONE_BY_ZONE"));

        assertThat(plan.path("waves")).hasSize(5);
        assertThat(plan.path("waves").get(1).path("name").asString()).isEqualTo("a 50%");
        assertThat(names(plan, 1)).containsExactly(names.get(0), names.get(1));
        assertThat(names(plan, 2)).containsExactly(names.get(2), names.get(3));
        assertThat(names(plan, 3)).containsExactly(names.get(4), names.get(5));
        assertThat(plan.path("waves").get(4).path("name").asString()).isEqualTo("b 100%");
        long id = start(body(app, 1, "waves", List.of("50%", "100%"), "order", "ZONE_BY_ZONE"));
        List<String> order = driveToEnd(id, app);
        assertThat(order).containsExactlyElementsOf(names);
        awaitState(id, "SUCCEEDED");
    }

    @Test
    void dryRunAnswersThePlanWithAnEstimateAndStartsNothing() {
        fleet.addInZones(5, "a", "b");
        String app = application(1);

        JsonNode plan = dryRun(body(app, 1, "canary", Map.of("names", List.of(fleet.name("b-03"))),
                "waves", List.of("40%", "100%"), "maxConcurrency", "20%", "soakSeconds", 600, "maxFailures", "10%",
                "approvalBeforeWaves", List.of(2)));

        assertThat(plan.path("dryRun").asBoolean()).isTrue();
        assertThat(plan.path("targets").asInt()).isEqualTo(10);
        assertThat(names(plan, 0)).containsExactly(fleet.name("b-03"));
        assertThat(plan.path("waves").get(1).path("targets").asInt()).isEqualTo(3);
        assertThat(plan.path("waves").get(2).path("targets").asInt()).isEqualTo(6);
        assertThat(plan.path("waves").get(2).path("firstClusters")).hasSize(6);
        assertThat(plan.path("waves").get(2).path("approvalBefore").asBoolean()).isTrue();
        assertThat(plan.path("maxConcurrency").asInt()).isEqualTo(2);
        assertThat(plan.path("maxFailures").asInt()).isEqualTo(1);
        // canary 1 round + wave 1 2 rounds + wave 2 3 rounds of 60s, plus two soaks of 600s
        assertThat(plan.path("estimatedSeconds").asLong()).isEqualTo(6 * 60 + 2 * 600);
        assertThat(plan.path("estimateBasis").asString()).contains("maxConcurrency");
        assertThat(api.get(ADMIN, "/api/v1/rollouts?application=" + app).body().path("items")).isEmpty();
    }

    @Test
    void aDryRunListsTheQueriesEachWavesAnalysisWillRunAndAnUnknownProviderIsRefusedAtStart() {
        fleet.addInZones(2, "a");
        String app = application(1);
        Map<String, Object> analysis = Map.of("provider", "prom", "count", 2, "metrics", List.of(Map.of(
                "name", "errors", "query", "sum(errors{cluster=~\"${clusters}\",app=\"${application}\"})",
                "successCondition", "result < 1")));

        JsonNode plan = dryRun(body(app, 1, "canary", Map.of("names", List.of(fleet.name("a-01"))),
                "analysis", analysis));

        assertThat(plan.path("waves").get(0).path("analysis").get(0).asString()).isEqualTo(
                "errors (WAVE, result < 1, 2 rounds every 10s via prom): sum(errors{cluster=~\""
                        + fleet.name("a-01") + "\",app=\"" + app + "\"})");
        var refused = api.post(ADMIN, "/api/v1/rollouts", body(app, 1, "analysis", analysis));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().path("detail").asString()).contains("analysis.provider 'prom' is not configured");
        assertThat(api.get(ADMIN, "/api/v1/rollouts?application=" + app).body().path("items")).isEmpty();
    }

    private JsonNode dryRun(Map<String, Object> body) {
        body.put("dryRun", true);
        Api.Reply reply = api.post(ADMIN, "/api/v1/rollouts", body);
        assertThat(reply.status()).as(reply.raw()).isEqualTo(200);
        return reply.body();
    }

    private List<JsonNode> items(long id, String query) {
        List<JsonNode> items = new ArrayList<>();
        api.get(ADMIN, "/api/v1/rollouts/" + id + "/targets?limit=1000&" + query).body().path("items")
                .forEach(items::add);
        return items;
    }

    private static List<String> names(JsonNode plan, int wave) {
        List<String> names = new ArrayList<>();
        plan.path("waves").get(wave).path("firstClusters").forEach(n -> names.add(n.asString()));
        return names;
    }

    private String zoneOf(String cluster) {
        return cluster.substring(fleet.suite.length() + 1, fleet.suite.length() + 2);
    }
}
