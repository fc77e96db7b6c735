package dev.flotilla.meta.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flotilla.meta.support.IntegrationTest;
import dev.flotilla.meta.wave.WaveEngine;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class RolloutFailureIT extends RolloutHarness {

    @Autowired
    WaveEngine engine;

    @Test
    void pausesWhenFailuresExceedTheBudgetAndPausesInFlightWork() {
        fleet.addInZones(6, "a");
        String app = application(1);
        long id = start(body(app, 1, "maxConcurrency", 3, "maxFailures", 1, "onFailure", "PAUSE"));
        await().atMost(PATIENCE).until(() -> targets(id, "state=DISPATCHED").size() == 3);
        List<String> inFlight = targets(id, "state=DISPATCHED");

        assertThat(fleet.report(inFlight.get(0), app, "FAILED")).isEqualTo(204);
        long ticks = engine.ticks();
        await().atMost(PATIENCE).until(() -> engine.ticks() > ticks + 2);
        assertThat(rollout(id).path("state").asString()).as("one failure is within the budget").isEqualTo("RUNNING");
        assertThat(fleet.report(inFlight.get(1), app, "FAILED")).isEqualTo(204);

        awaitState(id, "PAUSED");
        JsonNode paused = rollout(id);
        assertThat(paused.path("failures").asInt()).isEqualTo(2);
        assertThat(paused.path("maxFailures").asInt()).isEqualTo(1);
        assertThat(paused.path("message").asString()).contains("failure budget");
        // the first failure freed a slot within maxConcurrency; the second spent the budget before another
        assertThat(count(paused, "PENDING")).isEqualTo(2);
        List<String> stopped = targets(id, "state=DISPATCHED");
        assertThat(stopped).hasSize(2).contains(inFlight.get(2));
        stopped.forEach(c -> assertThat(fleet.item(c, app).path("paused").asBoolean()).isTrue());
        long pausedTicks = engine.ticks();
        await().atMost(PATIENCE).until(() -> engine.ticks() > pausedTicks + 2);
        assertThat(targets(id, "state=PENDING")).hasSize(2);
    }

    @Test
    void rollsEveryTouchedClusterBackToItsPreviousRevisionWhenTheBudgetIsSpent() {
        List<String> clusters = fleet.addInZones(4, "a");
        String app = application(2);
        long first = start(body(app, 1));
        driveToEnd(first, app);
        awaitState(first, "SUCCEEDED");

        long id = start(body(app, 2, "maxConcurrency", 2, "onFailure", "ROLLBACK"));
        await().atMost(PATIENCE).until(() -> targets(id, "state=DISPATCHED").size() == 2);
        List<String> touched = targets(id, "state=DISPATCHED");
        assertThat(fleet.report(touched.get(0), app, "SUCCEEDED")).isEqualTo(204);
        assertThat(fleet.report(touched.get(1), app, "FAILED")).isEqualTo(204);

        awaitState(id, "ROLLING_BACK");
        // a third cluster may have been dispatched between the success and the failure
        List<String> returning = targets(id, "state=DISPATCHED");
        assertThat(returning).containsAll(touched);
        for (String cluster : returning) {
            JsonNode item = fleet.item(cluster, app);
            assertThat(item.path("rollback").asBoolean()).isTrue();
            assertThat(item.path("revision").asInt()).isEqualTo(1);
            assertThat(item.path("manifest").toString()).contains("web:v1");
            assertThat(fleet.report(cluster, app, "SUCCEEDED")).isEqualTo(204);
        }

        awaitState(id, "ROLLED_BACK");
        JsonNode rolledBack = rollout(id);
        assertThat(count(rolledBack, "ROLLED_BACK")).isEqualTo(returning.size());
        assertThat(count(rolledBack, "SKIPPED")).isEqualTo(4 - returning.size());
        JsonNode target = api.get(ADMIN, "/api/v1/rollouts/" + id + "/targets?state=ROLLED_BACK").body()
                .path("items").get(0);
        assertThat(target.path("previousRevision").asInt()).isEqualTo(1);
        assertThat(target.path("rollback").asBoolean()).isTrue();
        api.get(ADMIN, "/api/v1/applications/" + app + "/clusters").body().path("items")
                .forEach(c -> assertThat(c.path("revision").asInt()).as(c.toString()).isEqualTo(1));
        assertThat(clusters).hasSize(4);
    }

    @Test
    void operatorRollbackOfAClusterThatRanNothingBeforeUninstallsWhatTheRolloutApplied() {
        fleet.addInZones(2, "a");
        String app = application(1);
        long id = start(body(app, 1, "maxConcurrency", 1));
        String cluster = finishDispatched(id, app).get(0);

        JsonNode rolling = api.post(ADMIN, "/api/v1/rollouts/" + id + "/rollback", null).body();

        assertThat(rolling.path("state").asString()).isEqualTo("ROLLING_BACK");
        // the second cluster may have been dispatched too: every touched one gets an uninstall
        for (String returning : targets(id, "state=DISPATCHED")) {
            JsonNode item = fleet.item(returning, app);
            assertThat(item.path("uninstall").asBoolean()).isTrue();
            assertThat(item.path("rollback").asBoolean()).isTrue();
            assertThat(fleet.report(returning, app, "SUCCEEDED")).isEqualTo(204);
        }
        awaitState(id, "ROLLED_BACK");
        assertThat(fleet.item(cluster, app)).as("the uninstall item leaves once done").isNull();
        assertThat(api.get(ADMIN, "/api/v1/applications/" + app + "/clusters").body().path("items")).isEmpty();
    }

    @Test
    void rollingBackAnAbortedRolloutLeavesClustersALaterRolloutTookAlone() {
        fleet.addInZones(2, "a");
        String app = application(2);
        long first = start(body(app, 1, "maxConcurrency", 1));
        String cluster = finishDispatched(first, app).get(0);
        assertThat(api.post(ADMIN, "/api/v1/rollouts/" + first + "/abort", null).status()).isEqualTo(200);
        long second = start(body(app, 2));
        driveToEnd(second, app);
        awaitState(second, "SUCCEEDED");

        assertThat(api.post(ADMIN, "/api/v1/rollouts/" + first + "/rollback", null).status()).isEqualTo(200);

        awaitState(first, "ROLLED_BACK");
        assertThat(fleet.item(cluster, app).path("workId").asString()).as("the later rollout's item stays")
                .isEqualTo("rollout-" + second + "-" + app);
        assertThat(fleet.item(cluster, app).path("revision").asInt()).isEqualTo(2);
        assertThat(api.get(ADMIN, "/api/v1/applications/" + app + "/clusters").body().path("items").get(0)
                .path("revision").asInt()).isEqualTo(2);
    }

    @Test
    void waitsForAnUnreachableClusterUntilItComesBack() {
        fleet.addInZones(2, "a");
        String down = fleet.add("a-03", "a", "NOT_READY");
        String app = application(1);
        long id = start(body(app, 1));

        finishDispatched(id, app);
        long ticks = engine.ticks();
        await().atMost(PATIENCE).until(() -> engine.ticks() > ticks + 2);
        assertThat(rollout(id).path("state").asString()).isEqualTo("RUNNING");
        assertThat(targets(id, "state=PENDING")).containsExactly(down);

        fleet.setState(down, "READY");
        assertThat(finishDispatched(id, app)).containsExactly(down);
        awaitState(id, "SUCCEEDED");
    }

    @Test
    void skipsAnUnreachableClusterWhenAskedTo() {
        fleet.addInZones(2, "a");
        String down = fleet.add("a-03", "a", "NOT_READY");
        String app = application(1);
        long id = start(body(app, 1, "unreachable", "SKIP"));

        assertThat(finishDispatched(id, app)).hasSize(2).doesNotContain(down);

        awaitState(id, "SUCCEEDED");
        assertThat(targets(id, "state=SKIPPED")).containsExactly(down);
    }
}
