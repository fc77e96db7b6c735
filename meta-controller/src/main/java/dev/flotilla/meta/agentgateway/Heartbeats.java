package dev.flotilla.meta.agentgateway;

import dev.flotilla.meta.cluster.ClusterAgentRecords;
import dev.flotilla.meta.config.FlotillaProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Cluster liveness. Every agent call is a heartbeat kept in memory; all of them are written every
 * {@code heartbeat-flush-interval} in one statement, which also turns NOT_READY clusters READY again
 * ({@link ClusterAgentRecords#flushHeartbeats}). A sweep turns READY clusters NOT_READY when no heartbeat came for
 * {@code heartbeat-timeout} ({@link ClusterAgentRecords#expireHeartbeats}).
 * Both statements only touch the states they name, so CORDONED and REGISTERING clusters never change,
 * and both are single conditional UPDATEs, so several replicas may run them at once.
 */
@Component
class Heartbeats implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Heartbeats.class);

    private final HeartbeatBuffer buffer = new HeartbeatBuffer();
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

    /** Writes every pending heartbeat in one statement; answers how many clusters it covered. */
    int flush() {
        List<HeartbeatBuffer.Beat> beats = buffer.drain();
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
