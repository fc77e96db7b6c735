package dev.flotilla.sim.fleet;

import ch.qos.logback.classic.Level;
import dev.flotilla.sim.backend.SimulationSettings;
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
 * rollout with a canary, waves and in-place batches; then two clusters host the control planes of a few others
 * (Kube-on-Kube) and an upgrade campaign takes those from Kubernetes 1.30 to 1.32. Progress is printed until Ctrl-C.
 */
public final class FleetDemo {

    private static final PrintStream out = System.out;
    /** Tenants whose control planes the demo hosts on the fleet's first two clusters and then upgrades. */
    private static final int KUBE_ON_KUBE_TENANTS = 6;

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
        List<String> ignored = MetaControllerProcess.isolatedVariables();
        if (!ignored.isEmpty()) {
            out.println("Not passed to the demo's meta-controller (it runs its own embedded database and admin token): "
                    + String.join(", ", ignored));
        }
        MetaControllerProcess meta = MetaControllerProcess.start(options.metaControllerJar(), options.port(),
                options.dataDir(), List.of("-Xmx1g"), List.of("--flotilla.database=embedded"));
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
        if (fleet[0].size() >= 2 + KUBE_ON_KUBE_TENANTS) {
            out.println();
            kubeOnKube(fleet[0]);
        }
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
                .withTick(Duration.ofMillis(500)).withStartSpread(Duration.ofSeconds(2))
                .withFactsInterval(Duration.ofSeconds(2));
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
        out.println("Application web (a bundle: ConfigMap, Service, CloneSet of 6 replicas; "
                + DemoApplication.MIRRORED_REGION + " runs 4 replicas from " + DemoApplication.MIRROR
                + "): revision " + v1 + " runs web:1.0, revision " + v2 + " runs web:1.1");
        CampaignWatch watch = CampaignWatch.rollouts(portal, out, Duration.ofSeconds(5));
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

    /**
     * Kube-on-Kube: the fleet's first two clusters host the control planes of the next few (etcd, kube-apiserver,
     * kube-controller-manager, kube-scheduler as Kruise workloads in a namespace per tenant, created from the
     * manifests the meta-controller generates), and an upgrade campaign takes them from 1.30 to 1.32: two hops, a
     * canary first, each hop in skew order, etcd's leader last.
     */
    private static void kubeOnKube(Fleet fleet) throws InterruptedException {
        Portal portal = fleet.portal();
        List<String> hosts = List.of(fleet.spec().name(0), fleet.spec().name(1));
        List<String> tenants = new java.util.ArrayList<>();
        for (int i = 0; i < KUBE_ON_KUBE_TENANTS; i++) {
            String tenant = fleet.spec().name(2 + i);
            HostedControlPlanes.provision(fleet, hosts.get(i % 2), tenant, "cp-" + tenant, "1.30");
            tenants.add(tenant);
        }
        out.println("Kube-on-Kube: " + hosts + " host the control planes of " + tenants.size() + " tenants "
                + tenants + " at Kubernetes 1.30 (namespace cp-<tenant> on the host)");
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (tenants.stream().anyMatch(t -> !"v1.30.0".equals(
                portal.get("/api/v1/clusters/" + t).path("kubernetesVersion").asString()))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the hosted tenants did not report Kubernetes v1.30.0 in 2 minutes");
            }
            Thread.sleep(500);
        }
        out.println("Their agents report v1.30.0 (served by the hosted apiservers). Upgrading them to 1.32: one "
                + "minor per hop, etcd (leader last) -> kube-apiserver -> kube-controller-manager -> "
                + "kube-scheduler; 1 canary, then the rest at once");
        JsonNode campaign = portal.post("/api/v1/upgrades", Map.of("clusters", Map.of("names", tenants),
                "targetVersion", "1.32", "canary", Map.of("count", 1), "waves", List.of("100%"),
                "maxConcurrency", KUBE_ON_KUBE_TENANTS));
        out.println("Upgrade campaign " + campaign.path("id").asLong() + " started: "
                + campaign.path("targets").asInt() + " clusters (follow it: GET /api/v1/upgrades/campaigns/"
                + campaign.path("id").asLong() + "/events/stream)");
        CampaignWatch.upgrades(portal, out, Duration.ofSeconds(15)).follow(campaign.path("id").asLong());
        deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Map<String, String> reported = new java.util.TreeMap<>();
        do {
            Thread.sleep(500);
            tenants.forEach(t -> reported.put(t, portal.get("/api/v1/clusters/" + t).path("kubernetesVersion")
                    .asString()));
        } while (!reported.values().stream().allMatch("v1.32.0"::equals) && System.nanoTime() < deadline);
        out.println("The tenants' own agents now report " + reported);
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
