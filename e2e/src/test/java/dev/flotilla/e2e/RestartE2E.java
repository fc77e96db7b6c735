package dev.flotilla.e2e;

import static dev.flotilla.e2e.Rollouts.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flotilla.sim.fleet.Fleet;
import dev.flotilla.sim.fleet.SimulatedAgent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Restarts in the middle of a rollout: of the meta-controller, and of one agent mid-batch. */
class RestartE2E {

    private static final Duration LONG = Duration.ofSeconds(90);
    private final MetaController meta = new MetaController();
    private final Rollouts rollouts = new Rollouts(meta.portal());
    private Fleet fleet;

    @AfterEach
    void stop() {
        if (fleet != null) {
            fleet.close();
        }
        meta.close();
    }

    /** Two in-cluster batches with a pause after the first, so targets stay in flight for a while. */
    private long slowRollout(String name, int clusters) {
        fleet = SimulatedFleets.startReady(meta, SimulatedFleets.spec(meta, name, clusters));
        List<Integer> revisions = rollouts.application(name, 4, "web:1");
        Map<String, Object> rollout = request(name, revisions.get(0), name);
        rollout.put("canary", Map.of("count", 2));
        rollout.put("waves", List.of("100%"));
        rollout.put("clusterStrategy", Map.of("type", "ReCreate", "batches", List.of(
                Map.of("partition", "2", "pauseSeconds", 3), Map.of("partition", "0"))));
        return rollouts.start(rollout);
    }

    @Test
    void aRolloutCarriesOnAfterTheMetaControllerRestarts() {
        long id = slowRollout("mcrestart", 10);
        await().atMost(LONG).until(() -> rollouts.count(id, "IN_PROGRESS") > 0);

        meta.restart();

        JsonNode done = rollouts.awaitFinal(id, LONG);
        assertThat(done.path("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(done.path("counts").path("SUCCEEDED").asInt()).isEqualTo(10);
        assertThat(fleet.agents()).allSatisfy(a -> assertThat(Workloads.settled(a, "mcrestart")).isTrue());
        await().atMost(LONG).until(() -> fleet.connected() == 10);
    }

    @Test
    void anAgentKilledMidBatchFindsItsClusterAgainAndFinishes() {
        long id = slowRollout("agentrestart", 4);
        String victim = rollouts.targets(id).entrySet().stream()
                .filter(t -> t.getValue().path("wave").asInt() == 0).findFirst().orElseThrow().getKey();
        await().atMost(LONG).until(() -> "IN_PROGRESS".equals(
                rollouts.targets(id).get(victim).path("state").asString()));
        SimulatedAgent agent = fleet.agent(victim);

        agent.stop();
        assertThat(agent.running()).isFalse();
        assertThat(Workloads.cloneSet(agent, "agentrestart")).isPresent();
        agent.start();

        JsonNode done = rollouts.awaitFinal(id, LONG);
        assertThat(done.path("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(rollouts.targets(id).get(victim).path("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(Workloads.settled(agent, "agentrestart")).isTrue();
    }
}
