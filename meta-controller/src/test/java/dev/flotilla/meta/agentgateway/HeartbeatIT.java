package dev.flotilla.meta.agentgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flotilla.meta.cluster.ClusterAgentRecords;
import dev.flotilla.meta.config.FlotillaProperties;
import dev.flotilla.meta.support.Api;
import dev.flotilla.meta.support.IntegrationTest;
import dev.flotilla.testsupport.SettableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/** Liveness with short timings: a 2 s heartbeat timeout, flushes and sweeps every 200 ms. */
@IntegrationTest
@TestPropertySource(properties = {
        "flotilla.agent.heartbeat-timeout=2s",
        "flotilla.agent.heartbeat-flush-interval=200ms",
        "flotilla.agent.readiness-sweep-interval=200ms",
        "flotilla.agent.work-sweep-interval=200ms"})
class HeartbeatIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    WorkPolls polls;

    @Autowired
    ClusterAgentRecords records;

    @Autowired
    FlotillaProperties properties;

    @Autowired
    GatewayExecutors executors;

    TestFleet fleet() {
        return new TestFleet(jdbc);
    }

    @Test
    void aClusterWhoseAgentStopsPollingBecomesNotReadyAndReadyAgainOnItsNextPoll() {
        String token = fleet().registered("hb-silent", "READY");
        // the agent is behind, so each poll is answered at once
        fleet().bumpWork(fleet().id("hb-silent"));

        await().atMost(Duration.ofSeconds(30)).until(() -> fleet().state("hb-silent").equals("NOT_READY"));

        // an agent that polls again stays READY once the flush has written its heartbeat
        await().atMost(Duration.ofSeconds(30)).until(() ->
                new Api(port).get(token, "/agent/v1/work?generation=0").status() == 200
                        && fleet().state("hb-silent").equals("READY"));
    }

    @Test
    void pollsKeepTheHeartbeatFreshWithoutWritingOnEveryPoll() {
        String token = fleet().registered("hb-fresh", "READY");
        fleet().ageHeartbeat("hb-fresh");
        Instant aged = fleet().lastHeartbeat("hb-fresh");

        new Api(port).get(token, "/agent/v1/work?generation=0&timeoutSeconds=1");

        await().atMost(Duration.ofSeconds(30)).until(() -> fleet().lastHeartbeat("hb-fresh").isAfter(aged));
    }

    /**
     * A heartbeat this replica wrote less than a sixth of the timeout before (333.3 ms of the 2 s here) is not written
     * again: during a rollout every agent calls several times a second, and rewriting every cluster row at every
     * flush cost PostgreSQL 0.1-0.7 s per flush at 10,000 clusters. Driven on a Heartbeats of the test's own, with a
     * clock of its own and no scheduled flush, against the real statement.
     */
    @Test
    void aHeartbeatWrittenLessThanASixthOfTheTimeoutAgoIsNotWrittenAgain() {
        fleet().registered("hb-seldom", "READY");
        long id = fleet().id("hb-seldom");
        fleet().ageHeartbeat("hb-seldom");
        Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        SettableClock clock = new SettableClock(start);
        Heartbeats heartbeats = new Heartbeats(records, clock, properties, executors, new SimpleMeterRegistry());

        heartbeats.beat(id);
        assertThat(heartbeats.flush()).isEqualTo(1);
        assertThat(fleet().lastHeartbeat("hb-seldom")).isEqualTo(start);

        clock.advance(Duration.ofMillis(332));
        heartbeats.beat(id);
        assertThat(heartbeats.flush()).as("a sixth of 2 s not yet passed").isZero();
        assertThat(fleet().lastHeartbeat("hb-seldom")).isEqualTo(start);

        // the heartbeat left out is kept, and written at the first flush past 2 s / 6 with its own time, so that
        // the readiness sweep still counts the timeout from the cluster's true last call
        clock.advance(Duration.ofMillis(2));
        assertThat(heartbeats.flush()).isEqualTo(1);
        assertThat(fleet().lastHeartbeat("hb-seldom")).isEqualTo(start.plusMillis(332));
        assertThat(heartbeats.flush()).as("nothing left pending").isZero();

        // a cluster set NOT_READY after the timeout is revived at its next call
        jdbc.sql("UPDATE cluster SET state = 'NOT_READY' WHERE id = ?").param(id).update();
        clock.advance(Duration.ofSeconds(2));
        heartbeats.beat(id);
        assertThat(heartbeats.flush()).isEqualTo(1);
        assertThat(fleet().state("hb-seldom")).isEqualTo("READY");
    }

    @Test
    void aCordonedClusterStaysCordonedWhilePollingAndWhenSilent() {
        String token = fleet().registered("hb-cordoned", "CORDONED");
        fleet().ageHeartbeat("hb-cordoned");
        Instant aged = fleet().lastHeartbeat("hb-cordoned");

        new Api(port).get(token, "/agent/v1/work?generation=0&timeoutSeconds=1");

        await().atMost(Duration.ofSeconds(30)).until(() -> fleet().lastHeartbeat("hb-cordoned").isAfter(aged));
        assertThat(fleet().state("hb-cordoned")).isEqualTo("CORDONED");
        fleet().ageHeartbeat("hb-cordoned");
        fleet().registered("hb-cordoned-witness", "READY");
        fleet().ageHeartbeat("hb-cordoned-witness");
        // once the sweep has expired the witness it has also passed over the silent cordoned cluster
        await().atMost(Duration.ofSeconds(30)).until(() -> fleet().state("hb-cordoned-witness").equals("NOT_READY"));
        assertThat(fleet().state("hb-cordoned")).isEqualTo("CORDONED");
    }

    @Test
    void aRegisteringClusterIsNeverMarkedNotReady() {
        fleet().awaitingRegistration("hb-registering", "flb_hb-registering", Instant.now().plusSeconds(3600));
        jdbc.sql("UPDATE cluster SET last_heartbeat_at = now() - interval '1 hour' WHERE name = 'hb-registering'")
                .update();
        fleet().registered("hb-registering-witness", "READY");
        fleet().ageHeartbeat("hb-registering-witness");

        await().atMost(Duration.ofSeconds(30))
                .until(() -> fleet().state("hb-registering-witness").equals("NOT_READY"));
        assertThat(fleet().state("hb-registering")).isEqualTo("REGISTERING");
    }

    @Test
    void wakesAPollWhenAnotherReplicaChangesTheWorkWithoutASignal() {
        String token = fleet().registered("hb-other-replica", "READY");
        long id = fleet().id("hb-other-replica");
        int before = polls.waitingCount();
        try (AgentClient agents = new AgentClient(port)) {
            CompletableFuture<AgentClient.Answer> answer = agents.poll(token, 0, 60);
            await().atMost(Duration.ofSeconds(30)).until(() -> polls.waitingCount() > before);

            long generation = fleet().bumpWork(id);

            await().atMost(Duration.ofSeconds(20)).until(answer::isDone);
            assertThat(answer.join().generation()).isEqualTo(generation);
        }
    }
}
