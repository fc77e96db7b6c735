package dev.flotilla.agent.fleet;

import ch.qos.logback.classic.Level;
import dev.flotilla.agent.backend.simulated.SimulationSettings;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The one-command demo ({@code java -jar flotilla-tenant-agent.jar demo}): starts the meta-controller jar on its
 * embedded PostgreSQL, a simulated fleet across 3 regions and 9 zones, a sample CloneSet with two revisions, and a
 * rollout with a canary, waves and in-place batches, printing its progress until Ctrl-C.
 */
public final class FleetDemo {

    private static final PrintStream out = System.out;

    private FleetDemo() {
    }

    public static void main(String[] args) throws InterruptedException {
        JvmTuning.apply();
        try {
            demo(args);
        } catch (RuntimeException e) {
            System.err.println("The demo stopped: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void demo(String[] args) throws InterruptedException {
        quietLogs();
        DemoOptions options = DemoOptions.parse(args);
        out.println("Starting the meta-controller (" + options.metaControllerJar() + ", data in "
                + options.dataDir().toAbsolutePath().normalize() + ")...");
        MetaControllerProcess meta = MetaControllerProcess.start(options.metaControllerJar(), options.port(),
                options.dataDir(), List.of("-Xmx1g"), List.of());
        Fleet[] fleet = new Fleet[1];
        Thread stop = new Thread(() -> {
            out.println("Stopping the fleet and the meta-controller...");
            if (fleet[0] != null) {
                fleet[0].close();
            }
            meta.close();
        }, "flotilla-demo-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        meta.awaitHealthy(Duration.ofMinutes(3));
        String token = meta.adminToken();
        banner(meta, token);
        fleet[0] = startFleet(meta, token, options);
        run(fleet[0].portal());
        out.println("The fleet keeps running (agents long-polling); explore the API or the dashboard. Ctrl-C stops.");
        new CountDownLatch(1).await();
    }

    private static void banner(MetaControllerProcess meta, String token) {
        out.println();
        out.println("  Meta-controller  " + meta.url() + "   (pid " + meta.pid() + ", log " + meta.log() + ")");
        out.println("  Dashboard        " + meta.url() + "/");
        out.println("  API              " + meta.url() + "/api/v1   (OpenAPI: " + meta.url() + "/swagger-ui.html)");
        out.println("  Admin token      " + token);
        out.println("  Try              curl -s -H 'Authorization: Bearer " + token + "' " + meta.url()
                + "/api/v1/fleet/summary");
        out.println();
    }

    private static Fleet startFleet(MetaControllerProcess meta, String token, DemoOptions options)
            throws InterruptedException {
        SimulationSettings simulation = SimulationSettings.defaults().withTimeScale(options.timeScale());
        FleetSpec spec = FleetSpec.of(meta.url(), token, options.clusters()).withSimulation(simulation)
                .withTick(Duration.ofMillis(500)).withStartSpread(Duration.ofSeconds(2));
        out.println("Creating " + spec.clusters() + " simulated clusters in " + spec.regions().size() + " regions ("
                + spec.regions().size() * spec.zonesPerRegion() + " zones) through the portal API...");
        Fleet fleet = Fleet.start(spec);
        Portal portal = fleet.portal();
        long began = System.nanoTime();
        while (portal.get("/api/v1/fleet/summary").path("byState").path("READY").asInt() < spec.clusters()) {
            Thread.sleep(500);
        }
        out.printf("All %d agents registered and READY in %.1f s (each long-polls over HTTP with its own token)%n%n",
                spec.clusters(), (System.nanoTime() - began) / 1e9);
        return fleet;
    }

    private static void run(Portal portal) throws InterruptedException {
        DemoApplication app = new DemoApplication(portal);
        app.ensure();
        int v1 = app.addRevision("registry.example/web:1.0");
        int v2 = app.addRevision("registry.example/web:1.1");
        out.println("Application web (CloneSet, 6 replicas): revision " + v1 + " runs web:1.0, revision " + v2
                + " runs web:1.1");
        RolloutWatch watch = new RolloutWatch(portal, out, Duration.ofSeconds(5));
        out.println("Installing revision " + v1 + " on every cluster (one wave, one batch)...");
        watch.follow(start(portal, Map.of("application", DemoApplication.NAME, "revision", v1,
                "clusters", Map.of("selector", "simulated=true"), "waves", List.of("100%"),
                "maxFailures", "10%", "unreachable", "SKIP")));
        out.println();
        out.println("Rolling out revision " + v2 + ": 5 canary clusters, waves to 10%, 50%, 100%, at most 40 clusters "
                + "at once, 10 s soak; in each cluster InPlaceIfPossible in 3 batches (partition 4, 2, 0)");
        watch.follow(start(portal, Map.ofEntries(Map.entry("application", DemoApplication.NAME),
                Map.entry("revision", v2), Map.entry("clusters", Map.of("selector", "simulated=true")),
                Map.entry("canary", Map.of("count", 5)), Map.entry("waves", List.of("10%", "50%", "100%")),
                Map.entry("maxConcurrency", 40), Map.entry("soakSeconds", 10), Map.entry("maxFailures", "5%"),
                Map.entry("onFailure", "ROLLBACK"), Map.entry("unreachable", "SKIP"),
                Map.entry("clusterStrategy", Map.of("type", "InPlaceIfPossible", "maxUnavailable", "50%",
                        "batches", List.of(Map.of("partition", "4"), Map.of("partition", "2"),
                                Map.of("partition", "0")))))));
    }

    private static long start(Portal portal, Map<String, Object> request) {
        JsonNode rollout = portal.post("/api/v1/rollouts", request);
        out.println("Rollout " + rollout.path("id").asLong() + " started: " + rollout.path("targets").asInt()
                + " clusters in " + rollout.path("waves").size() + " waves");
        return rollout.path("id").asLong();
    }

    /** The agents' per-cluster logs would drown the progress lines: warnings only. */
    private static void quietLogs() {
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(Level.WARN);
        }
    }
}
