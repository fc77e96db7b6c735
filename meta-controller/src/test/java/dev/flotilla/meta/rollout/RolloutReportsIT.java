package dev.flotilla.meta.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flotilla.meta.support.Api;
import dev.flotilla.meta.support.IntegrationTest;
import dev.flotilla.meta.support.SseReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class RolloutReportsIT extends RolloutHarness {

    @Test
    void duplicateAndStaleReportsChangeNothing() {
        fleet.addInZones(1, "a");
        String app = application(1);
        long id = start(body(app, 1));
        String cluster = await().atMost(PATIENCE).until(() -> targets(id, "state=DISPATCHED"), t -> t.size() == 1)
                .get(0);
        JsonNode item = fleet.item(cluster, app);
        String workId = item.path("workId").asString();
        long generation = item.path("generation").asLong();
        assertThat(workId).isEqualTo("rollout-" + id + "-" + app);

        assertThat(fleet.report(cluster, workId, generation, 5, "APPLYING")).isEqualTo(204);
        long events = eventCount(id);
        assertThat(fleet.report(cluster, workId, generation, 5, "SUCCEEDED")).as("same seq").isEqualTo(204);
        assertThat(fleet.report(cluster, workId, generation, 4, "FAILED")).as("older seq").isEqualTo(204);
        assertThat(fleet.report(cluster, workId, generation - 1, 99, "FAILED")).as("older generation")
                .isEqualTo(204);
        assertThat(fleet.report(cluster, workId, generation + 1, 100, "FAILED")).as("unknown generation")
                .isEqualTo(204);

        assertThat(targets(id, "state=IN_PROGRESS")).containsExactly(cluster);
        assertThat(eventCount(id)).isEqualTo(events);
        assertThat(fleet.report(cluster, workId, generation, 6, "SUCCEEDED")).isEqualTo(204);
        awaitState(id, "SUCCEEDED");
    }

    @Test
    void aReportOnAnotherClustersWorkIsForbiddenAndNothingOfItsBatchIsApplied() {
        fleet.addInZones(1, "a");
        String outsider = fleet.add("b-01", "b", "READY");
        String app = application(1);
        long id = start(body(app, 1, "clusters", Map.of("names", List.of(fleet.name("a-01")))));
        String cluster = await().atMost(PATIENCE).until(() -> targets(id, "state=DISPATCHED"), t -> t.size() == 1)
                .get(0);
        JsonNode item = fleet.item(cluster, app);
        String workId = item.path("workId").asString();

        assertThat(fleet.reportAs(fleet.token(outsider), workId, item.path("generation").asLong(), 1, "FAILED"))
                .isEqualTo(403);
        Map<String, Object> own = Map.of("workId", workId, "generation", item.path("generation").asLong(),
                "seq", 1, "phase", "APPLYING");
        Map<String, Object> foreign = Map.of("workId", "rollout-" + (id + 1000) + "-" + app, "generation", 1,
                "seq", 1, "phase", "FAILED");
        Api.Reply mixed = api.post(fleet.token(cluster), "/agent/v1/status", Map.of("reports", List.of(own, foreign)));

        assertThat(mixed.status()).isEqualTo(403);
        assertThat(mixed.contentType()).contains("application/problem+json");
        assertThat(targets(id, "state=DISPATCHED")).containsExactly(cluster);
    }

    @Test
    void refusesASecondActiveRolloutOfTheSameApplication() {
        fleet.addInZones(2, "a");
        String app = application(2);
        long id = start(body(app, 1, "maxConcurrency", 1));

        Api.Reply second = api.post(ADMIN, "/api/v1/rollouts", body(app, 2));

        assertThat(second.status()).isEqualTo(409);
        assertThat(second.detail()).contains(app).contains("active");
        assertThat(api.post(ADMIN, "/api/v1/rollouts/" + id + "/abort", null).status()).isEqualTo(200);
        assertThat(api.post(ADMIN, "/api/v1/rollouts", body(app, 2)).status()).isEqualTo(201);
    }

    @Test
    void streamsEventsAsServerSentEventsAndResumesAfterTheLastSeenSeq() throws Exception {
        fleet.addInZones(2, "a");
        String app = application(1);
        long id = start(body(app, 1));
        driveToEnd(id, app);
        awaitState(id, "SUCCEEDED");
        int total = eventCount(id);

        List<JsonNode> all = new SseReader(port, ADMIN).read("/api/v1/rollouts/" + id + "/events/stream", null, total);
        List<JsonNode> resumed = new SseReader(port, ADMIN).read("/api/v1/rollouts/" + id + "/events/stream", "3",
                total - 3);

        assertThat(all).hasSize(total);
        assertThat(all.get(0).path("seq").asLong()).isEqualTo(1);
        assertThat(all.get(0).path("type").asString()).isEqualTo("CREATED");
        assertThat(all.get(total - 1).path("type").asString()).isEqualTo("SUCCEEDED");
        assertThat(resumed.get(0).path("seq").asLong()).isEqualTo(4);
        assertThat(all.stream().filter(e -> e.path("type").asString().equals("TARGET_SUCCEEDED")).count())
                .isEqualTo(2);
    }

    private int eventCount(long id) {
        return api.get(ADMIN, "/api/v1/rollouts/" + id + "/events?limit=1000").body().path("items").size();
    }
}
