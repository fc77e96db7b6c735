package dev.flotilla.meta.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The meta-controller's settings ({@code flotilla.*}).
 *
 * @param dataDir where the embedded PostgreSQL keeps its data and the generated admin token is written
 * @param adminToken the first admin API token; generated at first start when unset
 * @param database which database to run on: {@code auto} (the embedded default unless
 *     {@code spring.datasource.url} is set), {@code embedded} or {@code external}; see {@link DatabaseMode}
 * @param replicas how many replicas of the meta-controller the operator runs; more than one needs a shared
 *     (external) PostgreSQL, so the embedded default refuses to start
 * @param agent the agent gateway's timings
 */
@Validated
@ConfigurationProperties("flotilla")
public record FlotillaProperties(
        @NotNull @DefaultValue("./.flotilla") Path dataDir,
        String adminToken,
        @NotNull @DefaultValue("auto") Database database,
        @Min(1) @DefaultValue("1") int replicas,
        @Valid @NotNull @DefaultValue Agent agent) {

    /** The {@code flotilla.database} setting: what the operator asked for, decided by {@link DatabaseMode}. */
    public enum Database {
        /** the embedded default when no {@code spring.datasource.url} is set, that server otherwise */
        AUTO,
        /** the embedded PostgreSQL, on purpose (also in Kubernetes); {@code spring.datasource.url} must be unset */
        EMBEDDED,
        /** the server at {@code spring.datasource.url}, which must be set */
        EXTERNAL
    }

    /**
     * @param bootstrapTtl how long a bootstrap token may be used to register
     * @param heartbeatTimeout a READY cluster with no poll for this long becomes NOT_READY
     * @param pollTimeout the long-poll wait the agents are told to use (at most 60s)
     * @param heartbeatFlushInterval how often coalesced heartbeats are written, in one statement
     * @param credentialCacheTtl how long a resolved API token is trusted before it is looked up again
     * @param agentTokenCacheTtl the same for agent tokens: longer than a poll, so a polling fleet costs no
     *     credential query per poll; a revocation evicts at once on its own replica, elsewhere within this time
     * @param workSweepInterval how often {@code cluster_work.changed_at} is swept for changes made by other replicas
     * @param readinessSweepInterval how often READY clusters without a recent heartbeat are marked NOT_READY
     * @param statusQueueCapacity status report requests waiting for the status writer at most; one more is answered
     *     503 with {@code Retry-After} at once instead of queueing
     * @param statusCommitWait how long a status report request waits for its commit before it is answered 503 with
     *     {@code Retry-After}; well below the agent's HTTP timeout (15 s), so an overloaded writer answers, never
     *     times out
     * @param statusLinger how long the status writer waits for more requests when fewer than
     *     {@code StatusBatcher.LINGER_GROUP} are waiting, before it applies them (0: never waits): reports that come
     *     one by one, as from a fleet of independent agents, then share fewer transactions
     * @param port the agent API's own connector (0: none, agents use the main port)
     * @param threads the agent port's request threads; 0 (the default): {@link #agentThreads(int)} of the processors
     *     the JVM may use
     * @param dbConnections the agent API's own database connections (config.DatabaseLanes): agent requests and
     *     the gateway's threads draw from this pool, the portal and the engines from the main one; 0 shares the
     *     main pool
     * @param threadPriority the Java priority of the threads that serve agents (the agent port's request threads,
     *     the status writer, the poll answerers; 1 to 5): below the portal's 5, so a fleet reporting at once yields
     *     the CPU to an operator's request. The JVM passes it to Linux only with {@code -XX:ThreadPriorityPolicy=1}
     *     (the image sets it): priority 1 is then nice 4 (docs/operations.md)
     */
    public record Agent(
            @NotNull @DefaultValue("24h") Duration bootstrapTtl,
            @NotNull @DefaultValue("90s") Duration heartbeatTimeout,
            @NotNull @DefaultValue("50s") Duration pollTimeout,
            @NotNull @DefaultValue("2s") Duration heartbeatFlushInterval,
            @NotNull @DefaultValue("10s") Duration credentialCacheTtl,
            @NotNull @DefaultValue("500ms") Duration workSweepInterval,
            @NotNull @DefaultValue("5s") Duration readinessSweepInterval,
            @NotNull @DefaultValue("2m") Duration agentTokenCacheTtl,
            @Min(1) @Max(1_000_000) @DefaultValue("2000") int statusQueueCapacity,
            @NotNull @DefaultValue("10s") Duration statusCommitWait,
            @NotNull @DurationMin(millis = 0) @DurationMax(seconds = 1) @DefaultValue("20ms") Duration statusLinger,
            @Min(0) @Max(65_535) @DefaultValue("0") int port,
            @Min(0) @Max(10_000) @DefaultValue("0") int threads,
            @Min(0) @Max(1_000) @DefaultValue("8") int dbConnections,
            @Min(Thread.MIN_PRIORITY) @Max(Thread.NORM_PRIORITY) @DefaultValue("1") int threadPriority,
            @DefaultValue("true") boolean fastLane) {

        /** Request threads the agent port's connector gets at most. */
        public int agentPortThreads() {
            return threads > 0 ? threads : agentThreads(Runtime.getRuntime().availableProcessors());
        }

        /**
         * The agent port's request threads for a machine of {@code processors}: two per processor, at least 4 and at
         * most 16. No agent request holds a thread while it waits (a parked poll, a report waiting for its group
         * commit), so the threads only bound how many agent requests use the CPU at once; more than the processors
         * can run only queue on Tomcat's locks. With 16 on two processors a 10,000-cluster rollout's agent-port
         * threads waited seconds on them, with 4 under half a second (docs/benchmarks.md, change 52).
         */
        public static int agentThreads(int processors) {
            return Math.max(4, Math.min(16, 2 * processors));
        }
    }
}
