package dev.flotilla.e2e;

import static dev.flotilla.e2e.Rollouts.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.sim.fleet.Fleet;
import dev.flotilla.sim.fleet.SimulatedAgent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Rollouts across a simulated fleet: waves, a failing revision, approval and abort, all over real HTTP. */
class RolloutE2E {

    private static final Duration LONG = Duration.ofSeconds(90);
    private static MetaController meta;
    private static Rollouts rollouts;
    private Fleet fleet;

    @BeforeAll
    static void startMetaController() {
        meta = new MetaController();
        rollouts = new Rollouts(meta.portal());
    }

    @AfterAll
    static void stopMetaController() {
        meta.close();
    }

    @AfterEach
    void stopFleet() {
        if (fleet != null) {
            fleet.close();
        }
    }

    /** A fleet of {@code clusters} whose application runs its first revision everywhere. */
    private List<Integer> installed(String name, int clusters, String... images) {
        fleet = SimulatedFleets.startReady(meta, SimulatedFleets.spec(meta, name, clusters));
        List<Integer> revisions = rollouts.application(name, 4, images);
        Map<String, Object> install = request(name, revisions.get(0), name);
        install.put("waves", List.of("100%"));
        assertThat(rollouts.awaitFinal(rollouts.start(install), LONG).path("state").asString())
                .isEqualTo("SUCCEEDED");
        return revisions;
    }

    @Test
    void rollsANewRevisionInPlaceThroughCanaryAndWavesToEveryCluster() {
        List<Integer> revisions = installed("waves", 12, "web:1", "web:2");

        Map<String, Object> rollout = request("waves", revisions.get(1), "waves");
        rollout.put("canary", Map.of("count", 2));
        rollout.put("waves", List.of("50%", "100%"));
        rollout.put("clusterStrategy", Map.of("type", "InPlaceIfPossible", "maxUnavailable", "50%",
                "batches", List.of(Map.of("partition", "2"), Map.of("partition", "0"))));
        JsonNode done = rollouts.awaitFinal(rollouts.start(rollout), LONG);

        assertThat(done.path("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(done.path("counts").path("SUCCEEDED").asInt()).isEqualTo(12);
        assertThat(done.path("waves").size()).isEqualTo(3);
        assertThat(fleet.agents()).allSatisfy(agent -> {
            assertThat(Workloads.image(agent, "waves")).isEqualTo("web:2");
            assertThat(Workloads.settled(agent, "waves")).isTrue();
        });
        assertThat(rollouts.targets(done.path("id").asLong()).values())
                .allSatisfy(t -> assertThat(t.path("batches").asInt()).isEqualTo(2));
    }

    @Test
    void rollsEveryTouchedClusterBackWhenABadRevisionSpendsTheFailureBudget() {
        List<Integer> revisions = installed("bad", 8, "web:1", SimulatedFleets.BROKEN_IMAGE);

        Map<String, Object> rollout = request("bad", revisions.get(1), "bad");
        rollout.put("canary", Map.of("count", 2));
        rollout.put("waves", List.of("100%"));
        rollout.put("maxFailures", 1);
        rollout.put("onFailure", "ROLLBACK");
        rollout.put("clusterStrategy", Map.of("type", "ReCreate", "progressDeadlineSeconds", 2));
        long id = rollouts.start(rollout);
        JsonNode done = rollouts.awaitFinal(id, LONG);

        assertThat(done.path("state").asString()).isEqualTo("ROLLED_BACK");
        assertThat(rollouts.targets(id).values()).noneMatch(t -> t.path("state").asString().equals("SUCCEEDED"));
        assertThat(fleet.agents()).allSatisfy(agent -> assertThat(Workloads.image(agent, "bad")).isEqualTo("web:1"));
    }

    @Test
    void holdsTheNextWaveUntilApproved() {
        List<Integer> revisions = installed("approve", 6, "web:1", "web:2");

        Map<String, Object> rollout = request("approve", revisions.get(1), "approve");
        rollout.put("canary", Map.of("count", 2));
        rollout.put("waves", List.of("100%"));
        rollout.put("approvalBeforeWaves", List.of(1));
        long id = rollouts.start(rollout);
        rollouts.awaitState(id, "WAITING_APPROVAL", LONG);

        assertThat(rollouts.count(id, "SUCCEEDED")).isEqualTo(2);
        assertThat(rollouts.count(id, "PENDING")).isEqualTo(4);
        assertThat(fleet.agents().stream().filter(a -> Workloads.image(a, "approve").equals("web:2"))).hasSize(2);

        rollouts.control(id, "approve");
        assertThat(rollouts.awaitFinal(id, LONG).path("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(fleet.agents()).allSatisfy(a -> assertThat(Workloads.image(a, "approve")).isEqualTo("web:2"));
    }

    @Test
    void abortLeavesTheClustersOfLaterWavesUntouched() {
        List<Integer> revisions = installed("abort", 6, "web:1", "web:2");

        Map<String, Object> rollout = request("abort", revisions.get(1), "abort");
        rollout.put("canary", Map.of("count", 2));
        rollout.put("waves", List.of("100%"));
        rollout.put("approvalBeforeWaves", List.of(1));
        long id = rollouts.start(rollout);
        rollouts.awaitState(id, "WAITING_APPROVAL", LONG);
        rollouts.control(id, "abort");

        assertThat(rollouts.awaitFinal(id, LONG).path("state").asString()).isEqualTo("ABORTED");
        List<SimulatedAgent> untouched = fleet.agents().stream()
                .filter(a -> Workloads.image(a, "abort").equals("web:1")).toList();
        assertThat(untouched).hasSize(4);
        assertThat(rollouts.targets(id).entrySet()).allSatisfy(t -> {
            boolean canary = t.getValue().path("wave").asInt() == 0;
            assertThat(Workloads.image(fleet.agent(t.getKey()), "abort")).isEqualTo(canary ? "web:2" : "web:1");
        });
    }
}
