package dev.flotilla.sim.bench;

import ch.qos.logback.classic.Level;
import dev.flotilla.agent.AgentRuntime;
import dev.flotilla.agent.hub.HubResilience;
import dev.flotilla.agent.hub.HubTransport;
import dev.flotilla.sim.backend.SimulationSettings;
import dev.flotilla.sim.fleet.Fleet;
import dev.flotilla.sim.fleet.FleetSpec;
import dev.flotilla.sim.fleet.MetaControllerProcess;
import dev.flotilla.sim.fleet.Portal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * The scale benchmark ({@code java -jar flotilla-tenant-agent.jar bench --clusters=10000 ...}, run by
 * {@code bench/run.sh}): a meta-controller process on the given PostgreSQL, a simulated fleet, and the figures of
 * docs/benchmarks.md: connect, idle, rollout, dispatch, portal, and in-place versus recreate.
 */
public final class FleetBench {

    static final String ADMIN_TOKEN = "flt_bench-admin-token-not-secret";
    /**
     * Agents pinging at once in the no-op ceiling: enough to keep every request thread of the service busy (a
     * status report holds one until its commit, so reports are in flight at most that many at a time plus the
     * accept queue), without opening a second connection for every agent of a 10,000-cluster fleet.
     */
    static final int NOOP_IN_FLIGHT = 1000;

    private FleetBench() {
    }

    public static void main(String[] args) throws Exception {
        dev.flotilla.sim.fleet.JvmTuning.apply();
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger r) {
            r.setLevel(Level.WARN);
        }
        BenchOptions options = BenchOptions.parse(args);
        BenchReport report = new BenchReport(options);
        List<MetaControllerProcess> metas = new ArrayList<>();
        try {
            Background.lower(options.simulatorNice());
            for (int i = 0; i < options.replicas(); i++) {
                int replica = i;
                metas.add(Background.spawn(() -> startMeta(options, replica)));
            }
            for (MetaControllerProcess meta : metas) {
                meta.awaitHealthy(Duration.ofMinutes(3));
            }
            run(options, metas, report);
        } catch (Exception e) {
            report.failed(e);
            report.write();
            e.printStackTrace();
            metas.forEach(MetaControllerProcess::close);
            System.exit(1);
        }
        metas.forEach(MetaControllerProcess::close);
        report.write();
        System.exit(0);
    }

    /** The i-th meta-controller replica: its own port (and agent port), all on the one database. */
    private static MetaControllerProcess startMeta(BenchOptions options, int i) {
        List<String> jvm = new ArrayList<>(List.of("-Xms256m", "-Xmx" + options.metaHeap()));
        words(options.metaJvm()).forEach(o -> jvm.add(o.replace("{replica}", String.valueOf(i))));
        List<String> app = new ArrayList<>(List.of("--spring.datasource.url=" + options.jdbcUrl(),
                "--spring.datasource.username=postgres", "--spring.datasource.password=",
                "--flotilla.admin-token=" + ADMIN_TOKEN, "--logging.level.root=WARN"));
        if (options.replicas() > 1) {
            app.addAll(List.of("--flotilla.database=external", "--flotilla.replicas=" + options.replicas()));
        }
        if (options.agentPort() > 0) {
            app.add("--flotilla.agent.port=" + (options.agentPort() + i));
        }
        app.addAll(words(options.metaArgs()));
        String suffix = options.replicas() > 1 ? "-" + i : "";
        Path dataDir = options.out().toAbsolutePath().getParent().resolve("meta-" + options.clusters() + suffix);
        return MetaControllerProcess.start(options.metaJavaLauncher(), options.metaControllerJar(), options.port() + i,
                dataDir, jvm, app);
    }

    private static List<String> words(String text) {
        return text == null || text.isBlank() ? List.of() : List.of(text.trim().split("\\s+"));
    }

    private static void run(BenchOptions options, List<MetaControllerProcess> metas, BenchReport report)
            throws Exception {
        MetaControllerProcess meta = metas.get(0);
        Psql psql = new Psql(options.psql(), "localhost", options.pgPort(), options.database());
        ProcessMeter metaMeter = new ProcessMeter(metas.stream().map(MetaControllerProcess::pid).toList(), false);
        ProcessMeter pgMeter = new ProcessMeter(options.postmasterPid(), true);
        ProcessMeter selfMeter = new ProcessMeter(ProcessHandle.current().pid(), false);
        List<URI> agentHubs = new ArrayList<>();
        for (int i = 0; i < metas.size(); i++) {
            agentHubs.add(options.agentPort() > 0 ? URI.create("http://localhost:" + (options.agentPort() + i))
                    : metas.get(i).url());
        }
        report.machine(agentHubs);
        SimulationSettings instant = new SimulationSettings(0, 0, 0, 0, 1, Set.of(), 3);
        FleetSpec spec = FleetSpec.of(meta.url(), ADMIN_TOKEN, options.clusters()).withNamePrefix("bench")
                .withSimulation(instant).withCreateConcurrency(32).withTick(Duration.ofMillis(500))
                .withStartSpread(Duration.ofSeconds(Math.max(1, options.clusters() / 500)));
        AgentRuntime runtime = new AgentRuntime(2, HubResilience.defaults(), HubTransport.direct(),
                AgentRuntime.httpClientsFor(options.clusters()));
        try (runtime; Fleet fleet = Fleet.create(spec, runtime, agentHubs)) {
            report.created(fleet.size());
            psql.query("select pg_stat_statements_reset()");
            long started = System.nanoTime();
            fleet.startAll();
            awaitFleetReady(fleet.portal(), options.clusters());
            report.connect((System.nanoTime() - started) / 1e9, spec.startSpread());
            report.statements("connecting", topStatements(psql));
            report.stoppedAgents(fleet.stopped());
            psql.query("select pg_stat_statements_reset()");
            FlightRecorder jfr = new FlightRecorder(meta.pid(), options.jfrDir());
            jfr.start("idle");
            idle(options, metaMeter, pgMeter, psql, report);
            jfr.stop("idle", options.clusters());
            report.statements("idle", topStatements(psql));
            psql.query("select pg_stat_statements_reset()");
            long[] clusterUpdates0 = psql.updates("cluster");
            long[] targetUpdates0 = psql.updates("wave_target");
            rollout(fleet, metas.stream().map(MetaControllerProcess::url).toList(), psql, report, options, metaMeter,
                    selfMeter, pgMeter, jfr);
            Thread.sleep(1_000); // PostgreSQL's table counters reach its statistics within half a second
            report.rowUpdates("cluster", clusterUpdates0, psql.updates("cluster"));
            report.rowUpdates("wave_target", targetUpdates0, psql.updates("wave_target"));
            report.statements("rolling out", topStatements(psql));
            report.statementTotals(psql.query("select sum(calls), round(sum(total_exec_time)) from pg_stat_statements"
                    + " where query not like '%pg_stat%'"));
            if (options.noopSeconds() > 0) {
                // after the rollouts: the pings open a second connection per agent beside its parked poll, and those
                // the HTTP clients close once idle would be closed during a rollout run after them. A warm-up first:
                // the connections are opened and the ping's code compiled before the measurement
                NoopCeiling ceiling = new NoopCeiling(runtime);
                ceiling.run(fleet.agents(), agentHubs, Duration.ofSeconds(5), Math.min(options.clusters(),
                        NOOP_IN_FLIGHT));
                ProcessMeter.Reading meta0 = metaMeter.read();
                ProcessMeter.Reading self0 = selfMeter.read();
                jfr.start("noop");
                NoopCeiling.Result noop = ceiling.run(fleet.agents(), agentHubs,
                        Duration.ofSeconds(options.noopSeconds()), Math.min(options.clusters(), NOOP_IN_FLIGHT));
                ProcessMeter.Reading meta1 = metaMeter.read();
                ProcessMeter.Reading self1 = selfMeter.read();
                jfr.stop("noop", options.clusters());
                report.noop(noop, meta0, meta1, self0, self1);
            }
            if (options.noopSeconds() > 0) {
                // status reports at saturation, with the ping's client and concurrency: the same warm-up first
                ReportCeiling reports = new ReportCeiling(new NoopCeiling(runtime));
                int inFlight = Math.min(options.clusters(), NOOP_IN_FLIGHT);
                reports.run(fleet.agents(), agentHubs, Duration.ofSeconds(5), inFlight);
                long statements0 = statementCalls(psql);
                ProcessMeter.Reading meta0 = metaMeter.read();
                ProcessMeter.Reading self0 = selfMeter.read();
                jfr.start("saturated");
                NoopCeiling.Result saturated = reports.run(fleet.agents(), agentHubs,
                        Duration.ofSeconds(options.noopSeconds()), inFlight);
                ProcessMeter.Reading meta1 = metaMeter.read();
                ProcessMeter.Reading self1 = selfMeter.read();
                jfr.stop("saturated", options.clusters());
                report.reportCeiling(saturated, meta0, meta1, self0, self1, statementCalls(psql) - statements0);
            }
            report.stoppedAgents(fleet.stopped());
        }
        if (options.modelClusters() > 0) {
            report.model(new StrategyComparison(spec).run(options.modelClusters()));
        }
    }

    private static long statementCalls(Psql psql) {
        String calls = psql.query("select coalesce(sum(calls), 0) from pg_stat_statements where query not like "
                + "'%pg_stat%'").trim();
        return calls.isEmpty() ? 0 : Long.parseLong(calls);
    }

    private static String topStatements(Psql psql) {
        return psql.query("select round(total_exec_time)::bigint, calls, round(mean_exec_time::numeric, 3), "
                + "left(regexp_replace(query, '\\s+', ' ', 'g'), 120) from pg_stat_statements "
                + "order by total_exec_time desc limit 6");
    }

    /** How long after the fleet is READY the idle phase starts measuring. */
    static final int IDLE_SETTLE_SECONDS = 30;

    private static void idle(BenchOptions options, ProcessMeter metaMeter, ProcessMeter pgMeter, Psql psql,
            BenchReport report) throws InterruptedException {
        long rssAtReady = metaMeter.read().rssBytes();
        // registration's facts and first polls settle, and the replica, quiet by now, has lowered its soft heap limit
        // and handed back what it no longer uses (heap.QuietHeap: quiet for 15 s, then ZUncommitDelay)
        Thread.sleep(IDLE_SETTLE_SECONDS * 1000L);
        ProcessMeter.Reading meta0 = metaMeter.read();
        ProcessMeter.Reading pg0 = pgMeter.read();
        ProcessMeter.Reading self0 = new ProcessMeter(ProcessHandle.current().pid(), false).read();
        long commits0 = psql.commits();
        long metaRssMax = 0;
        long pgRssMax = 0;
        long pgPssMax = 0;
        // each replica apart too: the goals are per meta-controller process
        List<ProcessMeter> replicas = metaMeter.roots().stream().map(pid -> new ProcessMeter(pid, false)).toList();
        List<ProcessMeter.Reading> replicas0 = replicas.stream().map(ProcessMeter::read).toList();
        long[] replicaRssMax = new long[replicas.size()];
        StackSampler sampler = new StackSampler(metaMeter.pid());
        for (int s = 0; s < options.idleSeconds(); s += 5) {
            Thread.sleep(5_000);
            if (s % 20 == 10) {
                sampler.sample();
            }
            metaRssMax = Math.max(metaRssMax, metaMeter.read().rssBytes());
            for (int r = 0; r < replicas.size(); r++) {
                replicaRssMax[r] = Math.max(replicaRssMax[r], replicas.get(r).read().rssBytes());
            }
            ProcessMeter.Reading pg = pgMeter.read();
            pgRssMax = Math.max(pgRssMax, pg.rssBytes());
            pgPssMax = Math.max(pgPssMax, pg.pssBytes());
        }
        ProcessMeter.Reading meta1 = metaMeter.read();
        ProcessMeter.Reading pg1 = pgMeter.read();
        ProcessMeter.Reading self1 = new ProcessMeter(ProcessHandle.current().pid(), false).read();
        double seconds = (meta1.nanos() - meta0.nanos()) / 1e9;
        report.profile("idle meta-controller threads", sampler.top(8));
        report.idle(seconds, meta1.coresSince(meta0), metaRssMax, rssAtReady, pg1.coresSince(pg0), pgRssMax, pgPssMax,
                self1.coresSince(self0), self1.rssBytes(), (psql.commits() - commits0) / seconds);
        if (replicas.size() > 1) {
            double coresMax = 0;
            for (int r = 0; r < replicas.size(); r++) {
                coresMax = Math.max(coresMax, replicas.get(r).read().coresSince(replicas0.get(r)));
            }
            report.idlePerReplica(coresMax, java.util.Arrays.stream(replicaRssMax).max().orElse(0));
        }
    }

    /**
     * Two rollouts to every cluster: the first on a fresh database (the service's first campaign, as after an
     * install), the second of another revision once PostgreSQL has analyzed the new tables.
     */
    private static void rollout(Fleet fleet, List<URI> metas, Psql psql, BenchReport report, BenchOptions options,
            ProcessMeter metaMeter, ProcessMeter selfMeter, ProcessMeter pgMeter, FlightRecorder jfr)
            throws Exception {
        Portal portal = fleet.portal();
        portal.post("/api/v1/applications", Map.of("name", "bench", "tenant", "shop", "namespace", "shop",
                "kind", "CloneSet"));
        RolloutRun run = new RolloutRun(fleet, metas, PollTimeouts.attach());
        int limitSeconds = options.rolloutLimitSeconds();
        int first = revision(portal, "bench", "web:1");
        ProbeProcess firstProbe = run.openPortal(options.portalLeadSeconds());
        jfr.start("rollout");
        measured(report, "first rollout on a fresh database", fleet, () -> run.run(request(first), "bench", psql,
                limitSeconds, firstProbe), metaMeter, selfMeter, pgMeter);
        jfr.stop("rollout", fleet.size());
        if (options.rollouts() < 2) {
            return;
        }
        Thread.sleep(70_000); // autovacuum's naptime is one minute: let it analyze the new targets
        int second = revision(portal, "bench", "web:2");
        ProbeProcess secondProbe = run.openPortal(options.portalLeadSeconds());
        jfr.start("rollout2");
        measured(report, "second rollout", fleet, () -> run.run(request(second), "bench", psql, limitSeconds,
                secondProbe), metaMeter, selfMeter, pgMeter);
        jfr.stop("rollout2", fleet.size());
    }

    private interface Rollout {
        RolloutRun.Result run() throws Exception;
    }

    /** One rollout with the CPU the meta-controller, the simulator and PostgreSQL spent on it. */
    private static void measured(BenchReport report, String which, Fleet fleet, Rollout rollout,
            ProcessMeter metaMeter, ProcessMeter selfMeter, ProcessMeter pgMeter) throws Exception {
        ProcessMeter.Reading meta0 = metaMeter.read();
        ProcessMeter.Reading self0 = selfMeter.read();
        ProcessMeter.Reading pg0 = pgMeter.read();
        RolloutRun.Result result = rollout.run();
        report.rollout(which, result, fleet.size(), new BenchReport.Cpu(meta0, metaMeter.read(), self0,
                selfMeter.read(), pg0, pgMeter.read()));
    }

    private static Map<String, Object> request(int revision) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("application", "bench");
        request.put("revision", revision);
        request.put("clusters", Map.of("selector", "fleet=bench"));
        request.put("waves", List.of("100%"));
        request.put("maxFailures", "1%");
        return request;
    }

    static int revision(Portal portal, String application, String image) {
        Map<String, Object> labels = Map.of("app", application);
        Map<String, Object> manifest = Map.of("apiVersion", "apps.kruise.io/v1alpha1", "kind", "CloneSet",
                "metadata", Map.of("name", application, "namespace", "shop"),
                "spec", Map.of("replicas", 6, "selector", Map.of("matchLabels", labels),
                        "template", Map.of("metadata", Map.of("labels", labels), "spec", Map.of("containers",
                                List.of(Map.of("name", "app", "image", image)))),
                        "updateStrategy", Map.of("type", "ReCreate", "maxUnavailable", 2)));
        return portal.post("/api/v1/applications/" + application + "/revisions", Map.of("manifest", manifest))
                .path("revision").asInt();
    }

    /** Waits until the fleet summary counts {@code clusters} READY (the bench fleet is the whole inventory). */
    static void awaitFleetReady(Portal portal, int clusters) throws InterruptedException {
        while (portal.get("/api/v1/fleet/summary").path("byState").path("READY").asInt() < clusters) {
            Thread.sleep(250);
        }
    }

    /** Waits until one page (at most 1,000) lists every cluster of the selector READY. */
    static void awaitReady(Portal portal, String selector, int clusters) throws InterruptedException {
        while (portal.get("/api/v1/clusters?state=READY&limit=1000&selector=" + selector).path("items").size()
                < clusters) {
            Thread.sleep(500);
        }
    }
}
