package dev.flotilla.sim.bench;

import dev.flotilla.sim.fleet.Fleet;
import dev.flotilla.sim.fleet.Portal;
import dev.flotilla.sim.fleet.SimulatedAgent;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import tools.jackson.databind.JsonNode;

/**
 * One measured rollout: started through the portal API, followed to its end while a {@link PortalProbe} in a JVM of
 * its own measures portal latency (a selector page of clusters and the rollout's status), then dispatch latency read
 * from every agent.
 */
final class RolloutRun {

    /** How often the portal probe starts a round while a rollout runs. */
    static final long PROBE_EVERY_MILLIS = PortalProbe.EVERY_MILLIS;

    private static final Set<String> FINAL = Set.of("SUCCEEDED", "ABORTED", "ROLLED_BACK", "FAILED");

    /** What one rollout measured. */
    record Result(long id, String state, double createToEndSeconds, double startToEndSeconds, Latencies dispatch,
            int dispatchMissing, long reports, Latencies clusterPage, Latencies rolloutStatus, int probeFailures,
            long commits, String activity, JsonNode view, EngineDispatch engine, Latencies queueWait,
            WorkAnswerSampler.Result workAnswers, long pollTimeouts, ServerTimes.Result clusterPageServer,
            ServerTimes.Result mainPoolAcquire) {
    }

    /**
     * When the engine dispatched the targets: rollout start to each target's {@code TARGET_DISPATCHED} event (the
     * engine pass's time, before its commit), so dispatch latency splits into the engine's share and the delivery's
     * (poll answers, the simulator applying). Null without a database to read.
     */
    record EngineDispatch(double p50Ms, double p99Ms, double maxMs, int passes) {

        static EngineDispatch read(Psql psql, long campaignId) {
            String row = psql.query("select round(percentile_cont(0.5) within group (order by ms)), "
                    + "round(percentile_cont(0.99) within group (order by ms)), round(max(ms)), count(distinct at) "
                    + "from (select extract(epoch from e.at - c.started_at) * 1000 as ms, e.at from wave_event e "
                    + "join wave_campaign c on c.id = e.campaign_id where e.campaign_id = " + campaignId
                    + " and e.type = 'TARGET_DISPATCHED') d");
            String[] v = row.split(" \\| ");
            if (v.length < 4 || v[0].isBlank()) {
                return null;
            }
            return new EngineDispatch(Double.parseDouble(v[0]), Double.parseDouble(v[1]), Double.parseDouble(v[2]),
                    Integer.parseInt(v[3]));
        }
    }

    private final Fleet fleet;
    private final Portal portal;
    /** The executor of the agents' HTTP clients and callbacks, whose queue {@link QueueProbe} measures. */
    private final Executor agentExecutor;
    /** The meta-controllers' own URLs (their actuator), for {@link WorkAnswerSampler}. */
    private final List<URI> metas;
    private final PollTimeouts pollTimeouts;
    /** The service's own timing of the probe's selector page (only the probe asks for it during a rollout). */
    private final ServerTimes clusterPageServer;
    /** The wait for a connection of the portal's and the engines' pool. */
    private final ServerTimes mainPool;

    RolloutRun(Fleet fleet, List<URI> metas, PollTimeouts pollTimeouts) {
        this.fleet = fleet;
        this.portal = fleet.portal();
        this.agentExecutor = fleet.runtime().scheduler();
        this.metas = List.copyOf(metas);
        this.pollTimeouts = pollTimeouts;
        this.clusterPageServer = ServerTimes.endpoint(this.metas, "/api/v1/clusters");
        this.mainPool = ServerTimes.poolAcquire(this.metas, "flotilla");
    }

    /**
     * Starts the portal probe {@code leadSeconds} before a rollout: it asks for the same pages, uncounted, as a
     * dashboard open before the rollout is; hand it to {@link #run}.
     */
    ProbeProcess openPortal(int leadSeconds) throws Exception {
        ProbeProcess probe = Background.spawn(() -> ProbeProcess.start(fleet.spec().hub(), fleet.spec().adminToken()));
        Thread.sleep(leadSeconds * 1000L);
        return probe;
    }

    /**
     * Runs the rollout to its end, or aborts it after {@code limitSeconds} (its figures are then partial), the
     * {@linkplain #openPortal open portal probe} timing its calls from the rollout's creation on.
     */
    Result run(Map<String, Object> request, String workload, Psql psql, int limitSeconds, ProbeProcess probe)
            throws Exception {
        long reportsBefore = reports();
        long commitsBefore = psql == null ? 0 : psql.commits();
        ActivitySampler activity = psql == null ? null : new ActivitySampler(psql).start();
        Latencies clusterPage = new Latencies();
        Latencies status = new Latencies();
        QueueProbe queue = new QueueProbe(agentExecutor).start();
        WorkAnswerSampler answers = new WorkAnswerSampler(metas).start();
        long timeoutsBefore = pollTimeouts.count();
        ServerTimes.Reading pageBefore = clusterPageServer.read();
        ServerTimes.Reading poolBefore = mainPool.read();
        long created = System.currentTimeMillis();
        long id = portal.post("/api/v1/rollouts", request).path("id").asLong();
        probe.follow(id, clusterPage, status);
        JsonNode view = awaitEnd(id, created + limitSeconds * 1000L);
        long ended = System.currentTimeMillis();
        int probeFailures = probe.stop();
        ServerTimes.Result pageServer = clusterPageServer.read().since(pageBefore);
        ServerTimes.Result poolAcquire = mainPool.read().since(poolBefore);
        Latencies queueWait = queue.stop();
        long commits = psql == null ? 0 : psql.commits() - commitsBefore;
        String waits = activity == null ? "" : activity.stop(8);
        long startedAt = Instant.parse(view.path("startedAt").asString()).toEpochMilli();
        String finished = view.path("finishedAt").asString();
        long finishedAt = finished == null || finished.isBlank() ? ended : Instant.parse(finished).toEpochMilli();
        WorkAnswerSampler.Result workAnswers = answers.stop(startedAt, fleet.size());
        Latencies dispatch = new Latencies();
        int missing = 0;
        for (SimulatedAgent agent : fleet.agents()) {
            var applied = agent.firstAppliedAt(workload);
            if (applied.isPresent() && applied.get() >= created - 1000) {
                dispatch.add(applied.get() - startedAt);
            } else {
                missing++;
            }
        }
        return new Result(id, view.path("state").asString(), (ended - created) / 1000.0,
                (finishedAt - startedAt) / 1000.0, dispatch, missing, reports() - reportsBefore, clusterPage,
                status, probeFailures, commits, waits, view, psql == null ? null : EngineDispatch.read(psql, id),
                queueWait, workAnswers, pollTimeouts.count() - timeoutsBefore, pageServer,
                poolAcquire);
    }

    private JsonNode awaitEnd(long id, long deadline) throws InterruptedException {
        while (true) {
            JsonNode view = portal.get("/api/v1/rollouts/" + id);
            if (FINAL.contains(view.path("state").asString())) {
                return view;
            }
            if (System.currentTimeMillis() > deadline) {
                portal.post("/api/v1/rollouts/" + id + "/abort", null);
                return view;
            }
            Thread.sleep(100);
        }
    }

    private long reports() {
        return fleet.agents().stream().mapToLong(SimulatedAgent::reportsMade).sum();
    }
}
