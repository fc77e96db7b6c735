package dev.flotilla.meta.agentgateway;

import dev.flotilla.meta.config.FlotillaProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Cluster liveness. Every agent call is a heartbeat kept in memory; all of them are written every
 * {@code heartbeat-flush-interval} in one statement, which also turns NOT_READY clusters READY again.
 * A sweep turns READY clusters NOT_READY when no heartbeat came for {@code heartbeat-timeout}.
 * Both statements only touch the states they name, so CORDONED and REGISTERING clusters never change,
 * and both are single conditional UPDATEs, so several replicas may run them at once.
 */
@Component
class Heartbeats implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Heartbeats.class);

    private static final String FLUSH = """
            WITH beat AS (
                UPDATE cluster c
                SET last_heartbeat_at = GREATEST(c.last_heartbeat_at, to_timestamp(v.ms / 1000.0)),
                    state = CASE WHEN c.state = 'NOT_READY' THEN 'READY' ELSE c.state END
                FROM unnest(?::bigint[], ?::bigint[]) AS v(id, ms)
                JOIN cluster b ON b.id = v.id
                WHERE c.id = v.id
                RETURNING c.name, b.state AS previous)
            SELECT name FROM beat WHERE previous = 'NOT_READY' ORDER BY name""";

    private static final String EXPIRE = """
            UPDATE cluster SET state = 'NOT_READY', updated_at = ?
            WHERE state = 'READY' AND last_heartbeat_at < ?
            RETURNING name""";

    private final HeartbeatBuffer buffer = new HeartbeatBuffer();
    private final JdbcClient jdbc;
    private final Clock clock;
    private final FlotillaProperties.Agent settings;
    private final GatewayExecutors executors;
    private final Counter flushed;
    private volatile List<ScheduledFuture<?>> jobs = List.of();

    Heartbeats(JdbcClient jdbc, Clock clock, FlotillaProperties properties, GatewayExecutors executors,
            MeterRegistry meters) {
        this.jdbc = jdbc;
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
            revived = jdbc.sql(FLUSH)
                    .params(beats.stream().mapToLong(HeartbeatBuffer.Beat::clusterId).toArray(),
                            beats.stream().mapToLong(b -> b.at().toEpochMilli()).toArray())
                    .query(String.class).list();
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
        List<String> expired = jdbc.sql(EXPIRE)
                .params(Timestamp.from(now), Timestamp.from(now.minus(settings.heartbeatTimeout())))
                .query(String.class).list();
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
