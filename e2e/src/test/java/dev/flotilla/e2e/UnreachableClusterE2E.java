package dev.flotilla.e2e;

import static dev.flotilla.e2e.Rollouts.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flotilla.sim.fleet.Fleet;
import dev.flotilla.sim.fleet.SimulatedAgent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A cluster whose agent went silent turns NOT_READY, and a rollout waits for it or skips it as told. */
class UnreachableClusterE2E {

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

    private SimulatedAgent silenced(String name) {
        fleet = SimulatedFleets.startReady(meta, SimulatedFleets.spec(meta, name, 4));
        SimulatedAgent agent = fleet.agents().get(0);
        agent.stop();
        await().atMost(LONG).until(() -> "NOT_READY".equals(
                meta.portal().get("/api/v1/clusters/" + agent.name()).path("state").asString()));
        return agent;
    }

    private Map<String, Object> rollout(String name, String unreachable) {
        List<Integer> revisions = rollouts.application(name, 2, "web:1");
        Map<String, Object> rollout = request(name, revisions.get(0), name);
        rollout.put("waves", List.of("100%"));
        rollout.put("unreachable", unreachable);
        return rollout;
    }

    @Test
    void waitsForANotReadyClusterUntilItsAgentComesBack() {
        SimulatedAgent silent = silenced("waiting");
        long id = rollouts.start(rollout("waiting", "WAIT"));

        await().atMost(LONG).until(() -> rollouts.count(id, "SUCCEEDED") == 3);
        assertThat(rollouts.state(id)).isEqualTo("RUNNING");
        assertThat(rollouts.targets(id).get(silent.name()).path("state").asString()).isEqualTo("PENDING");
        assertThat(Workloads.cloneSet(silent, "waiting")).isEmpty();

        silent.start();

        assertThat(rollouts.awaitFinal(id, LONG).path("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(Workloads.settled(silent, "waiting")).isTrue();
    }

    @Test
    void skipsANotReadyClusterWhenTheRolloutSaysSo() {
        SimulatedAgent silent = silenced("skipping");
        silent.retire();
        long id = rollouts.start(rollout("skipping", "SKIP"));

        assertThat(rollouts.awaitFinal(id, LONG).path("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(rollouts.targets(id).get(silent.name()).path("state").asString()).isEqualTo("SKIPPED");
        assertThat(rollouts.count(id, "SUCCEEDED")).isEqualTo(3);
        assertThat(Workloads.cloneSet(silent, "skipping")).isEmpty();
    }
}
