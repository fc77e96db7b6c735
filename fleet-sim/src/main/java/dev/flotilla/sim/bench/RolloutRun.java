package dev.flotilla.sim.bench;

import dev.flotilla.sim.fleet.Fleet;
import dev.flotilla.sim.fleet.Portal;
import dev.flotilla.sim.fleet.SimulatedAgent;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One measured rollout: started through the portal API, followed to its end while a second client measures portal
 * latency (a selector page of clusters and the rollout's status), then dispatch latency read from every agent.
 */
final class RolloutRun {

    /** How often the portal probe starts a round while a rollout runs. */
    static final long PROBE_EVERY_MILLIS = 200;

    private static final Set<String> FINAL = Set.of("SUCCEEDED", "ABORTED", "ROLLED_BACK", "FAILED");

    /** What one rollout measured. */
    record Result(long id, String state, double createToEndSeconds, double startToEndSeconds, Latencies dispatch,
            int dispatchMissing, long reports, Latencies clusterPage, Latencies rolloutStatus, long commits,
            String activity, JsonNode view) {
    }

    private final Fleet fleet;
    private final Portal portal;
    private final Portal prober;

    RolloutRun(Fleet fleet) {
        this.fleet = fleet;
        this.portal = fleet.portal();
        // the latency probe has its own HTTP client, so it never queues behind the agents' callbacks
        this.prober = new Portal(HttpClient.newHttpClient(), JsonMapper.builder().build(), fleet.spec().hub(),
                fleet.spec().adminToken());
    }

    /** Runs the rollout to its end, or aborts it after {@code limitSeconds} (its figures are then partial). */
    Result run(Map<String, Object> request, String workload, Psql psql, int limitSeconds)
            throws InterruptedException {
        long reportsBefore = reports();
        long commitsBefore = psql == null ? 0 : psql.commits();
        ActivitySampler activity = psql == null ? null : new ActivitySampler(psql).start();
        long created = System.currentTimeMillis();
        long id = portal.post("/api/v1/rollouts", request).path("id").asLong();
        Latencies clusterPage = new Latencies();
        Latencies status = new Latencies();
        AtomicBoolean done = new AtomicBoolean();
        Thread probe = new Thread(() -> probe(id, done, clusterPage, status), "bench-portal-probe");
        probe.start();
        JsonNode view = awaitEnd(id, created + limitSeconds * 1000L);
        long ended = System.currentTimeMillis();
        done.set(true);
        probe.join();
        long commits = psql == null ? 0 : psql.commits() - commitsBefore;
        String waits = activity == null ? "" : activity.stop(8);
        long startedAt = Instant.parse(view.path("startedAt").asString()).toEpochMilli();
        String finished = view.path("finishedAt").asString();
        long finishedAt = finished == null || finished.isBlank() ? ended : Instant.parse(finished).toEpochMilli();
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
                status, commits, waits, view);
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

    /**
     * Portal users while the rollout runs: a round (a selector page, the rollout's status) every
     * {@link #PROBE_EVERY_MILLIS}, as a few dashboards refreshing would. Paced, not closed-loop: a probe that asks
     * again as soon as it is answered loads the service more the faster the service is.
     */
    private void probe(long id, AtomicBoolean done, Latencies clusterPage, Latencies status) {
        List<String> tiers = List.of("gold", "silver", "bronze");
        int round = 0;
        long next = System.nanoTime();
        while (!done.get()) {
            String selector = "env%3Dprod%2Ctier%3D" + tiers.get(round++ % tiers.size());
            timed(clusterPage, "/api/v1/clusters?selector=" + selector + "&limit=100");
            timed(status, "/api/v1/rollouts/" + id);
            next += TimeUnit.MILLISECONDS.toNanos(PROBE_EVERY_MILLIS);
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else {
                next = System.nanoTime();
            }
        }
    }

    private void timed(Latencies latencies, String path) {
        long began = System.nanoTime();
        try {
            prober.get(path);
            latencies.add((System.nanoTime() - began) / 1e6);
        } catch (RuntimeException e) {
            // a failed probe is not a latency; the rollout's own result shows whether the service struggled
        }
    }

    private long reports() {
        return fleet.agents().stream().mapToLong(SimulatedAgent::reportsMade).sum();
    }
}
