package dev.flotilla.e2e;

import static org.awaitility.Awaitility.await;

import dev.flotilla.sim.backend.SimulationSettings;
import dev.flotilla.sim.fleet.Fleet;
import dev.flotilla.sim.fleet.FleetSpec;
import java.time.Duration;
import java.util.Set;

/** Simulated fleets for the tests: fast pods (50x), quick ticks, all agents READY before the test goes on. */
final class SimulatedFleets {

    /** Images whose pods never become ready in any simulated cluster. */
    static final String BROKEN_IMAGE = "registry.example/web:broken";

    private SimulatedFleets() {
    }

    static FleetSpec spec(MetaController meta, String prefix, int clusters) {
        SimulationSettings simulation = new SimulationSettings(5, 20, 10, 0.2, 50, Set.of(BROKEN_IMAGE), 7);
        return FleetSpec.of(meta.url(), MetaController.ADMIN_TOKEN, clusters).withNamePrefix(prefix)
                .withSimulation(simulation).withTick(Duration.ofMillis(100))
                .withStartSpread(Duration.ofMillis(200));
    }

    /** Starts the fleet and waits until the meta-controller sees every cluster READY. */
    static Fleet startReady(MetaController meta, FleetSpec spec) {
        Fleet fleet = Fleet.start(spec);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
                meta.portal().get("/api/v1/clusters?state=READY&selector=fleet=" + spec.namePrefix() + "&limit=1000")
                        .path("items").size() == spec.clusters());
        return fleet;
    }
}
