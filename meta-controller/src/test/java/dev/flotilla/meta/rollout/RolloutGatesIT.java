package dev.flotilla.meta.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flotilla.meta.support.Api;
import dev.flotilla.meta.support.IntegrationTest;
import dev.flotilla.meta.wave.WaveEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class RolloutGatesIT extends RolloutHarness {

    @Autowired
    WaveEngine engine;

    @Test
    void soaksAfterAWaveBeforeTheNextStarts() {
        fleet.addInZones(3, "a");
        String app = application(1);
        long id = start(body(app, 1, "canary", Map.of("count", 1), "soakSeconds", 2));

        finishDispatched(id, app);
        await().atMost(PATIENCE).until(() -> rollout(id).path("waves").get(0).path("state").asString(), "SOAKING"::equals);
        assertThat(targets(id, "wave=1&state=PENDING")).hasSize(2);
        driveToEnd(id, app);

        assertThat(rollout(id).path("state").asString()).isEqualTo("SUCCEEDED");
        Instant soakStarted = eventAt(id, "SOAK_STARTED");
        Instant nextWave = eventAt(id, "WAVE_STARTED", "wave 1 ");
        assertThat(Duration.between(soakStarted, nextWave)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void waitsForApprovalBeforeAnApprovalWave() {
        fleet.addInZones(3, "a");
        String app = application(1);
        long id = start(body(app, 1, "canary", Map.of("count", 1), "approvalBeforeWaves", List.of(1)));

        finishDispatched(id, app);
        awaitState(id, "WAITING_APPROVAL");
        long ticks = engine.ticks();
        await().atMost(PATIENCE).until(() -> engine.ticks() > ticks + 2);
        JsonNode waiting = rollout(id);
        assertThat(waiting.path("state").asString()).isEqualTo("WAITING_APPROVAL");
        assertThat(waiting.path("waves").get(1).path("state").asString()).isEqualTo("WAITING_APPROVAL");
        assertThat(targets(id, "wave=1&state=PENDING")).hasSize(2);

        assertThat(api.post(ADMIN, "/api/v1/rollouts/" + id + "/approve", null).status()).isEqualTo(200);
        driveToEnd(id, app);
        assertThat(rollout(id).path("state").asString()).isEqualTo("SUCCEEDED");
        Api.Reply again = api.post(ADMIN, "/api/v1/rollouts/" + id + "/approve", null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.detail()).contains("SUCCEEDED");
    }

    @Test
    void pauseStopsNewDispatchAndPausesInFlightWorkUntilResumed() {
        List<String> clusters = fleet.addInZones(4, "a");
        String app = application(1);
        long id = start(body(app, 1, "maxConcurrency", 2));
        await().atMost(PATIENCE).until(() -> targets(id, "state=DISPATCHED").size() == 2);

        assertThat(api.post(ADMIN, "/api/v1/rollouts/" + id + "/pause", null).body().path("state").asString())
                .isEqualTo("PAUSED");
        List<String> inFlight = targets(id, "state=DISPATCHED");
        for (String cluster : inFlight) {
            assertThat(fleet.item(cluster, app).path("paused").asBoolean()).isTrue();
            assertThat(fleet.report(cluster, app, "SUCCEEDED")).isEqualTo(204);
        }
        long ticks = engine.ticks();
        await().atMost(PATIENCE).until(() -> engine.ticks() > ticks + 2);
        assertThat(targets(id, "state=PENDING")).hasSize(2);
        assertThat(targets(id, "state=SUCCEEDED")).hasSize(2);

        assertThat(api.post(ADMIN, "/api/v1/rollouts/" + id + "/resume", null).status()).isEqualTo(200);
        List<String> rest = driveToEnd(id, app);
        assertThat(rest).hasSize(2).doesNotContainAnyElementsOf(inFlight);
        assertThat(rollout(id).path("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(clusters).hasSize(4);
        Api.Reply resumeFinished = api.post(ADMIN, "/api/v1/rollouts/" + id + "/resume", null);
        assertThat(resumeFinished.status()).isEqualTo(409);
        assertThat(resumeFinished.body().path("from").asString()).isEqualTo("SUCCEEDED");
        assertThat(resumeFinished.body().path("to").asString()).isEqualTo("RUNNING");
    }

    @Test
    void abortStopsDispatchingAndPausesInFlightClustersWhereTheyAre() {
        fleet.addInZones(4, "a");
        String app = application(1);
        long id = start(body(app, 1, "maxConcurrency", 2));
        await().atMost(PATIENCE).until(() -> targets(id, "state=DISPATCHED").size() == 2);
        String first = targets(id, "state=DISPATCHED").get(0);
        assertThat(fleet.report(first, app, "APPLYING")).isEqualTo(204);

        JsonNode aborted = api.post(ADMIN, "/api/v1/rollouts/" + id + "/abort", null).body();

        assertThat(aborted.path("state").asString()).isEqualTo("ABORTED");
        assertThat(aborted.path("finishedAt").isNull()).isFalse();
        assertThat(count(aborted, "SKIPPED")).isEqualTo(2);
        assertThat(count(aborted, "ABORTED")).as("in flight, stopped for good").isEqualTo(2);
        assertThat(fleet.item(first, app).path("paused").asBoolean()).isTrue();
        assertThat(api.post(ADMIN, "/api/v1/rollouts/" + id + "/resume", null).status()).isEqualTo(409);
        assertThat(api.post(ADMIN, "/api/v1/rollouts/" + id + "/pause", null).status()).isEqualTo(409);
    }

    private Instant eventAt(long id, String type, String... messagePrefix) {
        JsonNode events = api.get(ADMIN, "/api/v1/rollouts/" + id + "/events?limit=1000").body().path("items");
        for (JsonNode event : events) {
            if (event.path("type").asString().equals(type)
                    && (messagePrefix.length == 0 || event.path("message").asString().startsWith(messagePrefix[0]))) {
                return Instant.parse(event.path("at").asString());
            }
        }
        throw new AssertionError("no " + type + " event in " + events);
    }
}
