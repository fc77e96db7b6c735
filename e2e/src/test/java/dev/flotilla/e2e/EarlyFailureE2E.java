package dev.flotilla.e2e;

import static dev.flotilla.e2e.Rollouts.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.sim.backend.SimulationSettings;
import dev.flotilla.sim.fleet.Fleet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * A revision whose containers crash-loop is caught by the agent from its pods' state, in seconds, not when the
 * batch's progress deadline (here ten minutes) runs out.
 */
class EarlyFailureE2E {

    private static final String CRASHING = "registry.example/early:2";
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

    @Test
    void aCrashLoopingRevisionFailsTheCanaryInSecondsAndPausesTheRollout() {
        SimulationSettings simulation = new SimulationSettings(5, 20, 10, 0.2, 50,
                Set.of(SimulatedFleets.BROKEN_IMAGE, CRASHING), 7);
        fleet = SimulatedFleets.startReady(meta, SimulatedFleets.spec(meta, "early", 3).withSimulation(simulation));
        fleet.agents().forEach(a -> a.cluster().crashLoop(CRASHING));
        List<Integer> revisions = rollouts.application("early", 2, "registry.example/early:1", CRASHING);
        long install = rollouts.start(request("early", revisions.get(0), "early"));
        assertThat(rollouts.awaitFinal(install, Duration.ofSeconds(90)).path("state").asString())
                .isEqualTo("SUCCEEDED");

        Map<String, Object> rollout = request("early", revisions.get(1), "early");
        rollout.put("canary", Map.of("count", 1));
        rollout.put("clusterStrategy", Map.of("type", "ReCreate", "progressDeadlineSeconds", 600));
        long started = System.nanoTime();
        long id = rollouts.start(rollout);
        rollouts.awaitState(id, "PAUSED", Duration.ofSeconds(120));
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        LoggerFactory.getLogger(EarlyFailureE2E.class).info("rollout {} paused {} s after it started", id, seconds);

        JsonNode failed = meta.portal().get("/api/v1/rollouts/" + id + "/targets?state=FAILED").path("items").get(0);
        assertThat(failed.path("message").asString()).contains("failed early", "CrashLoopBackOff");
        assertThat(seconds).as("caught from the pods, long before the 600 s deadline").isLessThan(120);
        assertThat(rollouts.count(id, "PENDING")).as("no other cluster started").isEqualTo(2);
    }
}
