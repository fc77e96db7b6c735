package dev.flotilla.sim.bench;

import dev.flotilla.sim.backend.SimulationSettings;
import dev.flotilla.sim.fleet.Fleet;
import dev.flotilla.sim.fleet.FleetSpec;
import dev.flotilla.sim.fleet.Portal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The same fleet rollout with Kruise's ReCreate and InPlaceIfPossible, with the simulator's non-zero pod timings
 * (5 s in place, 20 s recreate, ten times faster): what the model says in-place updates save.
 */
final class StrategyComparison {

    static final double IN_PLACE = 5;
    static final double RECREATE = 20;
    static final double TIME_SCALE = 10;

    /** Rollout durations (rollout startedAt to finishedAt) per strategy. */
    record Result(int clusters, double recreateSeconds, double inPlaceSeconds, String recreateState,
            String inPlaceState) {
    }

    private final FleetSpec base;

    StrategyComparison(FleetSpec base) {
        this.base = base;
    }

    Result run(int clusters) throws Exception {
        SimulationSettings timings = new SimulationSettings(IN_PLACE, RECREATE, 10, 0.2, TIME_SCALE, Set.of(), 11);
        FleetSpec spec = new FleetSpec(base.hub(), base.adminToken(), clusters, "model", base.regions(),
                base.zonesPerRegion(), base.tenants(), base.nodes(), timings, Set.of(), base.createConcurrency(),
                Duration.ofSeconds(5), Duration.ofMillis(500), base.pollTimeout(), base.factsInterval());
        try (Fleet fleet = Fleet.start(spec)) {
            FleetBench.awaitReady(fleet.portal(), "fleet%3Dmodel", clusters);
            Portal portal = fleet.portal();
            portal.post("/api/v1/applications", Map.of("name", "model", "tenant", "shop", "namespace", "shop",
                    "kind", "CloneSet"));
            int v1 = FleetBench.revision(portal, "model", "web:1");
            int v2 = FleetBench.revision(portal, "model", "web:2");
            int v3 = FleetBench.revision(portal, "model", "web:3");
            RolloutRun run = new RolloutRun(fleet, List.of(base.hub()), PollTimeouts.attach());
            run.run(request(v1, "ReCreate", List.of()), "model", null, 600, run.openPortal(0));
            List<Map<String, Object>> batches = List.of(Map.of("partition", "4"), Map.of("partition", "2"),
                    Map.of("partition", "0"));
            RolloutRun.Result recreate = run.run(request(v2, "ReCreate", batches), "model", null, 600,
                    run.openPortal(0));
            RolloutRun.Result inPlace = run.run(request(v3, "InPlaceIfPossible", batches), "model", null,
                    600, run.openPortal(0));
            return new Result(clusters, recreate.startToEndSeconds(), inPlace.startToEndSeconds(), recreate.state(),
                    inPlace.state());
        }
    }

    private static Map<String, Object> request(int revision, String type, List<Map<String, Object>> batches) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("application", "model");
        request.put("revision", revision);
        request.put("clusters", Map.of("selector", "fleet=model"));
        request.put("waves", List.of("100%"));
        request.put("maxFailures", "1%");
        request.put("clusterStrategy", Map.of("type", type, "maxUnavailable", "2", "batches", batches));
        return request;
    }
}
