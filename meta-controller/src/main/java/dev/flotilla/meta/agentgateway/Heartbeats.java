package dev.flotilla.meta.agentgateway;

import dev.flotilla.meta.cluster.ClusterAgentRecords;
import dev.flotilla.meta.config.FlotillaProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Cluster liveness. Every agent call is a heartbeat kept in memory; every {@code heartbeat-flush-interval} they are
 * written in one statement, which also turns NOT_READY clusters READY again
 * ({@link ClusterAgentRecords#flushHeartbeats}). A cluster whose heartbeat this replica wrote less than
 * {@link #WRITE_EVERY_TIMEOUT_FRACTION a sixth} of {@code heartbeat-timeout} before waits: its latest heartbeat is kept
 * and written at the first flush after that (so the sweep still sees its true last call), and during a rollout, when every agent calls several times a second, the flush
 * otherwise rewrote every cluster row every two seconds (0.1-0.7 s of PostgreSQL each at 10,000 clusters, holding
 * the rows the engine's dispatch updates). The stored heartbeat thus lags the agent's latest call by at most that
 * (15 s at the default 90 s) plus a flush interval. A sweep turns READY clusters NOT_READY when no heartbeat came for
 * {@code heartbeat-timeout} ({@link ClusterAgentRecords#expireHeartbeats}).
 * Both statements only touch the states they name, so CORDONED and REGISTERING clusters never change,
 * and both are single conditional UPDATEs, so several replicas may run them at once.
 */
@Component
class Heartbeats implements SmartLifecycle {

    /** A cluster's heartbeat is written again once the one written is this fraction of the timeout old. */
    static final int WRITE_EVERY_TIMEOUT_FRACTION = 6;

    private static final Logger log = LoggerFactory.getLogger(Heartbeats.class);

    private final HeartbeatBuffer buffer = new HeartbeatBuffer();
    /** Per cluster, the heartbeat this replica last wrote. */
    private final Map<Long, Instant> written = new ConcurrentHashMap<>();
    private final ClusterAgentRecords clusters;
    private final Clock clock;
    private final FlotillaProperties.Agent settings;
    private final GatewayExecutors executors;
    private final Counter flushed;
    private volatile List<ScheduledFuture<?>> jobs = List.of();

    Heartbeats(ClusterAgentRecords clusters, Clock clock, FlotillaProperties properties, GatewayExecutors executors,
            MeterRegistry meters) {
        this.clusters = clusters;
        this.clock = clock;
        this.settings = properties.agent();
        this.executors = executors;
        this.flushed = Counter.builder("flotilla.agent.heartbeats.flushed")
                .description("Cluster heartbeats written to the database").register(meters);
    }

    /** Notes that the cluster's agent called now; written at the next flush. */
    void beat(long clusterId) {
        buffer.record(clusterId, clock.instant());
    }

    /**
     * Writes the pending heartbeats in one statement, but those of clusters whose heartbeat this replica wrote less
     * than a sixth of the timeout before, which stay pending until then; answers how many clusters it wrote.
     */
    int flush() {
        Instant now = clock.instant();
        Duration writeEvery = settings.heartbeatTimeout().dividedBy(WRITE_EVERY_TIMEOUT_FRACTION);
        Map<Boolean, List<HeartbeatBuffer.Beat>> due = buffer.drain().stream().collect(Collectors.partitioningBy(
                beat -> {
                    Instant last = written.get(beat.clusterId());
                    return last == null || !now.isBefore(last.plus(writeEvery));
                }));
        buffer.restore(due.get(false));
        List<HeartbeatBuffer.Beat> beats = due.get(true);
        // a cluster silent for the timeout is written at its next call even without its entry: forget it
        Instant forget = now.minus(settings.heartbeatTimeout());
        written.values().removeIf(at -> at.isBefore(forget));
        if (beats.isEmpty()) {
            return 0;
        }
        List<String> revived;
        try {
            revived = clusters.flushHeartbeats(beats.stream().mapToLong(HeartbeatBuffer.Beat::clusterId).toArray(),
                    beats.stream().mapToLong(b -> b.at().toEpochMilli()).toArray());
        } catch (RuntimeException e) {
            buffer.restore(beats);
            throw e;
        }
        beats.forEach(beat -> written.merge(beat.clusterId(), beat.at(), (a, b) -> a.isAfter(b) ? a : b));
        flushed.increment(beats.size());
        if (!revived.isEmpty()) {
            log.info("Clusters READY again, their agents are polling: {}", NameSummary.of(revived));
        }
        return beats.size();
    }

    /** Marks READY clusters whose last heartbeat is older than the timeout NOT_READY; answers their names. */
    List<String> expire() {
        var now = clock.instant();
        List<String> expired = clusters.expireHeartbeats(now, now.minus(settings.heartbeatTimeout()));
        if (!expired.isEmpty()) {
            log.info("Clusters NOT_READY, no heartbeat for {}: {}", settings.heartbeatTimeout(),
                    NameSummary.of(expired));
        }
        return expired;
    }

    @Override
    public void start() {
        Duration flushEvery = settings.heartbeatFlushInterval();
        jobs = List.of(
                executors.every(flushEvery, "heartbeat flush", this::flush),
                executors.every(settings.readinessSweepInterval(), "readiness sweep", this::expire));
    }

    @Override
    public void stop() {
        jobs.forEach(job -> job.cancel(false));
        jobs = List.of();
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("Last heartbeat flush failed at shutdown: {}", e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return !jobs.isEmpty();
    }
}
