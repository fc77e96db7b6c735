package dev.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flotilla.agent.backend.WorkloadRef;
import dev.flotilla.api.agent.WorkloadKind;
import dev.flotilla.api.agent.WorkPhase;
import dev.flotilla.meta.notify.WebhookEventTypes;
import dev.flotilla.sim.backend.PodChange;
import dev.flotilla.sim.backend.SimulationSettings;
import dev.flotilla.sim.fleet.Fleet;
import dev.flotilla.sim.fleet.FleetSpec;
import dev.flotilla.sim.fleet.HostedControlPlanes;
import dev.flotilla.sim.fleet.Portal;
import dev.flotilla.sim.fleet.SimulatedAgent;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Faults injected into a running fleet, all with real processes on this machine: three meta-controller processes
 * ({@code java -jar}) on one PostgreSQL, the agents of ten simulated clusters reaching them through a TCP proxy that
 * plays the load balancer and the network. Each scenario runs campaigns through a fault, then checks from the
 * database and the agents' own records that nothing was lost or done twice ({@link CampaignInvariants}), and that a
 * portal reading throughout got no 5xx (except a quick 503 problem while the database was down).
 *
 * <p>{@code -Dflotilla.faults.kills=N} (default 3) sets how many replicas the first scenario kills; the soak in
 * docs/reliability.md runs it with 20 or more, and {@code -Dflotilla.faults.seed} chooses the random moments.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultInjectionE2E {

    private static final Logger log = LoggerFactory.getLogger(FaultInjectionE2E.class);
    private static final Duration LONG = Duration.ofSeconds(240);
    private static final int CLUSTERS = 10;
    private static final int REPLICAS_PER_CLUSTER = 4;
    private static final Set<String> FINAL = Set.of("SUCCEEDED", "ABORTED", "ROLLED_BACK", "FAILED");
    private static final String WEBHOOK_SECRET = "fault-suite-webhook-secret";

    private final int kills = Integer.getInteger("flotilla.faults.kills", 3);
    private final long seed = Long.getLong("flotilla.faults.seed", System.nanoTime());
    private final JsonMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private StoppableDatabase database;
    private Replicas replicas;
    private FaultProxy proxy;
    private Fleet fleet;
    private CampaignInvariants invariants;
    private volatile long databaseBackAt;
    private int applications;
    private int minor = 30;
    private String host;
    private List<String> tenants;
    private WebhookSink webhooks;
    private long campaignsBeforeHook;

    @BeforeAll
    void startFleet() throws InterruptedException {
        log.info("fault injection seed {} (-Dflotilla.faults.seed to repeat), {} replica kills", seed, kills);
        database = new StoppableDatabase();
        replicas = new Replicas(3, database.jdbcUrl());
        replicas.startAll();
        proxy = new FaultProxy(replicas.ports());
        invariants = new CampaignInvariants(database);
        webhooks = new WebhookSink(WEBHOOK_SECRET);
        campaignsBeforeHook = Long.parseLong(sql("SELECT coalesce(max(id), 0) FROM wave_campaign"));
        read(p -> p.post("/api/v1/webhooks", Map.of("name", "faults", "url", webhooks.url(),
                "secret", WEBHOOK_SECRET)));
        SimulationSettings simulation = new SimulationSettings(5, 20, 10, 0.2, 50, Set.of(), 7);
        FleetSpec spec = FleetSpec.of(proxy.url(), Replicas.ADMIN_TOKEN, CLUSTERS).withNamePrefix("faults")
                .withSimulation(simulation).withTick(Duration.ofMillis(100)).withStartSpread(Duration.ofMillis(300))
                .withFactsInterval(Duration.ofMillis(500));
        fleet = Fleet.start(spec);
        await().atMost(LONG).pollInterval(Duration.ofMillis(500)).until(() -> read(p -> p.get(
                "/api/v1/clusters?state=READY&selector=fleet=faults&limit=100")).path("items").size() == CLUSTERS);
        host = spec.name(0);
        tenants = List.of(spec.name(1), spec.name(2));
        tenants.forEach(t -> HostedControlPlanes.provision(fleet, host, t, "cp-" + t, "1.30"));
        tenants.forEach(t -> awaitVersion(t, "v1.30.0"));
    }

    @AfterAll
    void stopFleet() {
        if (fleet != null) {
            fleet.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (webhooks != null) {
            webhooks.close();
        }
        if (replicas != null) {
            replicas.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    @Order(1)
    void aRolloutAndAnUpgradeCampaignFinishWhileReplicasAreKilledAtRandom() throws Exception {
        List<String> violations = new ArrayList<>();
        try (PortalProbe probe = probe(); ReplicaKiller killer = new ReplicaKiller(replicas, kills, seed)) {
            int rounds = 0;
            while (rounds == 0 || !killer.done()) {
                rounds++;
                List<Runnable> checks = new ArrayList<>();
                killer.hold(() -> checks.add(startRollout("kill" + applications++, 4).check()));
                // the simulated kubelets run v1.30: the apiserver may go at most 3 minors ahead (kubelet-skew)
                if (minor < 33) {
                    int target = minor == 30 ? 32 : minor + 1;
                    killer.hold(() -> checks.add(startUpgrade("1." + target)));
                    minor = target;
                }
                checks.forEach(Runnable::run);
            }
            await().atMost(LONG).until(killer::done);
            assertThat(killer.failures()).isEmpty();
            assertThat(killer.made()).isEqualTo(kills);
            log.info("{} replica kills over {} rounds of campaigns; portal answered {} reads", killer.made(), rounds,
                    probe.answered());
            violations.addAll(probe.violations().stream().map(Object::toString).toList());
        }
        assertThat(violations).isEmpty();
    }

    @Test
    @Order(2)
    void aRolloutCarriesOnAfterItsDatabaseWasStoppedForTwentySeconds() throws Exception {
        try (PortalProbe probe = probe()) {
            Rollout rollout = startRollout("db" + applications++, 3);
            awaitSomeInProgress();
            database.stop();
            log.info("PostgreSQL stopped");
            Thread.sleep(20_000);
            database.start();
            databaseBackAt = System.currentTimeMillis();
            log.info("PostgreSQL started again");
            rollout.check().run();
            log.info("database outage: rollout {} succeeded {} ms after PostgreSQL was back; the portal got {} quick"
                    + " 503 answers (slowest {} ms) of {} reads", rollout.id(),
                    System.currentTimeMillis() - databaseBackAt, probe.unavailable(), probe.slowestUnavailableMillis(),
                    probe.answered());
            assertThat(probe.violations()).isEmpty();
            assertThat(probe.unavailable()).as("the portal answered 503 while the database was down").isPositive();
            assertThat(probe.slowestUnavailableMillis()).as("and answered it quickly").isLessThan(10_000);
        }
    }

    @Test
    @Order(3)
    void aRolloutSurvivesANetworkCutSlowedAndDroppingAnswersMidResponse() throws Exception {
        try (PortalProbe probe = probe()) {
            Rollout rollout = startRollout("net" + applications++, 3);
            awaitSomeInProgress();
            for (FaultProxy.Fault fault : List.of(FaultProxy.Fault.CUT, FaultProxy.Fault.DELAY,
                    FaultProxy.Fault.TRUNCATE)) {
                proxy.set(fault);
                log.info("network: {}", fault);
                Thread.sleep(fault == FaultProxy.Fault.DELAY ? 8000 : 5000);
                proxy.set(FaultProxy.Fault.NONE);
                Thread.sleep(2000);
            }
            rollout.check().run();
            log.info("network faults: rollout {} succeeded; {} connections through the proxy, {} answers cut"
                    + " mid-response", rollout.id(), proxy.connections(), proxy.truncated());
            assertThat(proxy.truncated()).as("answers were cut mid-response").isPositive();
            assertThat(probe.violations()).isEmpty();
        }
    }

    @Test
    @Order(4)
    void aRolloutSurvivesAnAgentKilledMidBatchAndAnApiServerAnswering500() throws Exception {
        try (PortalProbe probe = probe()) {
            Rollout rollout = startRollout("agent" + applications++, 3);
            SimulatedAgent flaky = fleet.agent(read(p -> p.get("/api/v1/campaigns/" + rollout.id()
                    + "/targets?state=PENDING&wave=2&limit=1")).path("items").get(0).path("cluster").asString());
            flaky.failApiServer(true);
            String victim = awaitSomeInProgress();
            SimulatedAgent killed = fleet.agent(victim);
            killed.stop();
            Thread.sleep(3000);
            killed.start();
            await().atMost(LONG).until(() -> flaky.failedApiWrites() >= 3);
            Thread.sleep(3000);
            flaky.failApiServer(false);
            rollout.check().run();
            log.info("agent faults: rollout {} succeeded; {} killed for 3 s mid-batch, {}'s API server answered {}"
                    + " writes with 500", rollout.id(), victim, flaky.name(), flaky.failedApiWrites());
            assertThat(flaky.failedApiWrites()).as("the API server refused writes for a while").isPositive();
            assertThat(probe.violations()).isEmpty();
        }
    }

    /** A rollout started, and the check to run once it should be done. */
    private record Rollout(long id, Runnable check) {
    }

    /** Creates an application and rolls it out to the fleet. */
    private Rollout startRollout(String app, int waves) {
        String image = "registry.example/" + app + ":2";
        long id = read(p -> {
            p.post("/api/v1/applications", Map.of("name", app, "tenant", "shop", "namespace", "shop",
                    "kind", "CloneSet"));
            int revision = p.post("/api/v1/applications/" + app + "/revisions",
                    Map.of("manifest", Rollouts.cloneSet(app, REPLICAS_PER_CLUSTER, image))).path("revision").asInt();
            Map<String, Object> request = Rollouts.request(app, revision, "faults");
            request.put("canary", Map.of("count", 2));
            request.put("waves", waves == 3 ? List.of("50%", "100%") : List.of("30%", "60%", "100%"));
            request.put("maxConcurrency", 3);
            request.put("clusterStrategy", Map.of("type", "InPlaceIfPossible", "batches", List.of(
                    Map.of("partition", "50%", "pauseSeconds", 2), Map.of("partition", "0"))));
            return p.post("/api/v1/rollouts", request);
        }).path("id").asLong();
        log.info("rollout {} of {} started", id, app);
        return new Rollout(id, () -> checkRollout(id, app, image));
    }

    @Test
    @Order(5)
    void everyCampaignEventOfEveryScenarioReachedTheWebhookInOrder() throws Exception {
        // every campaign-wide event the hook may get, of the campaigns started after it was created, in seq order
        List<String> expected = List.of(sql("""
                SELECT coalesce(string_agg(e.campaign_id || '-' || e.seq, ',' ORDER BY e.campaign_id, e.seq), '')
                FROM wave_event e
                WHERE e.campaign_id > %d AND e.cluster_name IS NULL AND e.type = ANY (ARRAY[%s])"""
                .formatted(campaignsBeforeHook, WebhookEventTypes.ALL.stream().map(t -> "'" + t + "'")
                        .collect(Collectors.joining(",")))).split(","));
        await().atMost(LONG).pollInterval(Duration.ofMillis(500))
                .until(() -> webhooks.events().containsAll(expected));

        List<String> events = webhooks.events();
        assertThat(expected).hasSizeGreaterThan(20);
        assertThat(events).as("each event, deduped by Flotilla-Event-Id").containsExactlyInAnyOrderElementsOf(expected);
        Map<String, List<Long>> byCampaign = new TreeMap<>();
        events.forEach(e -> byCampaign.computeIfAbsent(e.substring(0, e.indexOf('-')), c -> new ArrayList<>())
                .add(Long.parseLong(e.substring(e.indexOf('-') + 1))));
        byCampaign.forEach((campaign, seqs) ->
                assertThat(seqs).as("campaign " + campaign + " in seq order").isSorted());
        assertThat(webhooks.refused()).as("requests whose signature did not verify").isEmpty();
        assertThat(sql("SELECT count(*) FROM webhook_delivery WHERE state <> 'DELIVERED'")).isEqualTo("0");
        log.info("webhook: {} events of {} campaigns arrived through every fault, {} requests in all (repeats are "
                + "deliveries interrupted by a kill)", events.size(), byCampaign.size(), webhooks.received().size());
    }

    private void checkRollout(long id, String app, String image) {
        JsonNode done = awaitFinal(id);
        assertThat(done.path("state").asString()).as("rollout %d", id).isEqualTo("SUCCEEDED");
        List<String> violations = new ArrayList<>(check(id));
        for (SimulatedAgent agent : fleet.agents()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> agent.pendingReports() == 0);
            Map<String, WorkPhase> phases = agent.phases();
            phases.entrySet().stream().filter(e -> e.getKey().startsWith("rollout-" + id + "-"))
                    .filter(e -> e.getValue() != WorkPhase.SUCCEEDED)
                    .forEach(e -> violations.add(agent.name() + " last reported " + e.getValue() + " for "
                            + e.getKey()));
            List<PodChange> moved = agent.cluster().podChanges(new WorkloadRef(WorkloadKind.CloneSet,
                    "apps.kruise.io/v1alpha1", "shop", app)).stream().filter(c -> image.equals(c.image())).toList();
            if (moved.size() != REPLICAS_PER_CLUSTER
                    || moved.stream().map(PodChange::pod).distinct().count() != REPLICAS_PER_CLUSTER) {
                violations.add(agent.name() + ": pods moved to " + image + ": " + moved.stream()
                        .map(PodChange::pod).toList() + " (each of " + REPLICAS_PER_CLUSTER + " exactly once)");
            }
        }
        assertThat(violations).as("rollout %d", id).isEmpty();
    }

    /** Upgrades the hosted tenants; answers the check to run once it should be done. */
    private Runnable startUpgrade(String version) {
        long id = read(p -> p.post("/api/v1/upgrades", Map.of("clusters", Map.of("names", tenants),
                "targetVersion", version, "canary", Map.of("count", 1), "waves", List.of("100%"),
                "maxConcurrency", 1))).path("id").asLong();
        log.info("upgrade campaign {} to {} started", id, version);
        return () -> {
            JsonNode done = awaitFinal(id);
            assertThat(done.path("state").asString()).as("upgrade campaign %d", id).isEqualTo("SUCCEEDED");
            assertThat(check(id)).as("upgrade campaign %d", id).isEmpty();
            tenants.forEach(t -> awaitVersion(t, "v" + version + ".0"));
        };
    }

    private List<String> check(long id) {
        try {
            return invariants.check(id, "SUCCEEDED", "SUCCEEDED");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot read campaign " + id + " from the database", e);
        }
    }

    private JsonNode awaitFinal(long id) {
        await().atMost(LONG).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> FINAL.contains(read(p -> p.get("/api/v1/campaigns/" + id)).path("state").asString()));
        return read(p -> p.get("/api/v1/campaigns/" + id));
    }

    /** Waits until a target of the newest rollout is in flight; answers its cluster. */
    private String awaitSomeInProgress() {
        Map<String, String> found = new LinkedHashMap<>();
        await().atMost(LONG).pollInterval(Duration.ofMillis(200)).until(() -> {
            JsonNode page = read(p -> p.get("/api/v1/campaigns?kind=ROLLOUT&limit=1"));
            long id = page.path("items").get(0).path("id").asLong();
            JsonNode targets = read(p -> p.get("/api/v1/campaigns/" + id + "/targets?state=IN_PROGRESS&limit=1"));
            if (targets.path("items").isEmpty()) {
                return false;
            }
            found.put("cluster", targets.path("items").get(0).path("cluster").asString());
            return true;
        });
        return found.get("cluster");
    }

    private void awaitVersion(String cluster, String version) {
        await().atMost(LONG).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> version.equals(
                read(p -> p.get("/api/v1/clusters/" + cluster)).path("kubernetesVersion").asString()));
    }

    /** A portal call on the first live replica that answers it (as the portal's load balancer would retry). */
    private JsonNode read(Function<Portal, JsonNode> call) {
        RuntimeException last = null;
        for (int attempt = 0; attempt < 3 * replicas.size(); attempt++) {
            int replica = attempt % replicas.size();
            if (!replicas.alive(replica)) {
                continue;
            }
            try {
                return call.apply(new Portal(http, json, replicas.url(replica), Replicas.ADMIN_TOKEN));
            } catch (CompletionException | UncheckedIOException e) {
                last = e;
            }
        }
        throw last != null ? last : new IllegalStateException("no replica is up");
    }

    /** The first column of the first row, read from the database itself. */
    private String sql(String query) {
        try (Connection c = database.connect(); ResultSet rs = c.createStatement().executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(query, e);
        }
    }

    private PortalProbe probe() {
        return new PortalProbe(replicas,
                () -> !database.running() || System.currentTimeMillis() - databaseBackAt < 10_000,
                List.of("/api/v1/campaigns?limit=5", "/api/v1/clusters?limit=5&selector=fleet=faults",
                        "/api/v1/fleet/summary", "/api/v1/clusters/" + host));
    }
}
