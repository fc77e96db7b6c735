package dev.flotilla.agent.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flotilla.agent.hub.StubHub.Answer;
import dev.flotilla.api.agent.AgentProtocol;
import dev.flotilla.api.agent.ClusterFacts;
import dev.flotilla.api.agent.StatusReport;
import dev.flotilla.api.agent.StatusReports;
import dev.flotilla.api.agent.WorkPhase;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * A meta-controller shedding load (503 or 429 with {@code Retry-After}) is waited for as it asks, plus jitter; it
 * does not trip the circuit breaker, and buffered reports wait in the buffer until they are taken. The backoff is
 * set to milliseconds here, so any wait of seconds comes from the Retry-After.
 */
class HubRetryAfterTest {

    private static final String OVERLOADED = """
            {"type":"https://flotilla.dev/problems/overloaded","title":"Overloaded","status":503,
             "detail":"the status writer is overloaded"}""";

    private final StubHub hub = new StubHub();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final HubResilience resilience = new HubResilience(Duration.ofMillis(10), Duration.ofMillis(50));
    private final HubClient client = new HubClient(HttpClient.newHttpClient(), JsonMapper.builder().build(),
            hub.uri(), Duration.ofSeconds(5));

    @AfterEach
    void close() {
        scheduler.shutdownNow();
        hub.close();
    }

    private static StatusReports reports(String workId, long seq) {
        return new StatusReports(List.of(new StatusReport(workId, 1, seq, WorkPhase.BATCH_IN_PROGRESS, 1, 2, null,
                null)));
    }

    private static long millisBetween(StubHub.Request a, StubHub.Request b) {
        return TimeUnit.NANOSECONDS.toMillis(b.nanos() - a.nanos());
    }

    @Test
    void a503WithRetryAfterTwoMakesTheNextAttemptWaitTwoSecondsPlusAtMostHalfOfThat() throws Exception {
        hub.on("/agent/v1/status", Answer.json(503, OVERLOADED).with("Retry-After", "2"), Answer.empty(204));
        ResilientCalls calls = new ResilientCalls("retry-after", resilience, scheduler, () -> true);

        calls.call(() -> client.report("fla_x", reports("w", 1))).get(10, TimeUnit.SECONDS);

        List<StubHub.Request> sent = hub.to("/agent/v1/status");
        assertThat(sent).hasSize(2);
        assertThat(millisBetween(sent.get(0), sent.get(1))).isBetween(1950L, 3000L + 400L);
        assertThat(sent.get(1).body()).isEqualTo(sent.get(0).body());
        assertThat(calls.isReachable()).as("a busy meta-controller is reachable").isTrue();
    }

    @Test
    void a429WithRetryAfterOnAPollIsWaitedForToo() throws Exception {
        hub.on("/agent/v1/work", Answer.json(429, OVERLOADED).with("Retry-After", "1"), Answer.empty(204));
        ResilientCalls calls = new ResilientCalls("poll-429", resilience, scheduler, () -> true);

        calls.call(() -> client.work("fla_x", 0, 1)).get(10, TimeUnit.SECONDS);

        List<StubHub.Request> sent = hub.to("/agent/v1/work");
        assertThat(sent).hasSize(2);
        assertThat(millisBetween(sent.get(0), sent.get(1))).isBetween(950L, 1500L + 400L);
    }

    @Test
    void answersThatAskToRetryLaterDoNotOpenTheCircuitBreakerButAnOutageDoes() {
        CircuitBreaker shed = resilience.breaker("shed");
        CircuitBreaker down = resilience.breaker("down");
        for (int i = 0; i < 20; i++) {
            shed.onError(0, TimeUnit.NANOSECONDS,
                    new HubException.Unavailable("503", null, Duration.ofSeconds(1)));
            down.onError(0, TimeUnit.NANOSECONDS, new HubException.Unavailable("connection refused", null));
        }

        assertThat(shed.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(down.getState()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void readsRetryAfterAsSecondsOrAnHttpDateAndCapsIt() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(HubClient.retryAfter("2", now)).isEqualTo(Duration.ofSeconds(2));
        assertThat(HubClient.retryAfter("Thu, 01 Jan 2026 00:00:07 GMT", now)).isEqualTo(Duration.ofSeconds(7));
        assertThat(HubClient.retryAfter("-3", now)).isEqualTo(Duration.ZERO);
        assertThat(HubClient.retryAfter("86400", now)).isEqualTo(HubClient.MAX_RETRY_AFTER);
        assertThat(HubClient.retryAfter("soon", now)).isNull();
        assertThat(HubClient.retryAfter(null, now)).isNull();
    }

    @Test
    void aSessionKeepsItsReportsBufferedWhileShedAndDeliversThemOnceTakenWithoutStopping() {
        hub.on("/agent/v1/status", Answer.json(503, OVERLOADED).with("Retry-After", "1"),
                Answer.json(503, OVERLOADED).with("Retry-After", "1"), Answer.empty(204))
                .on("/agent/v1/work", Answer.empty(204))
                .on("/agent/v1/facts", Answer.empty(204));
        TokenStore tokens = TokenStore.inMemory();
        tokens.save("fla_stored");
        AtomicReference<HubSession> holder = new AtomicReference<>();
        ReportBuffer buffer = new ReportBuffer(100, () -> {
            if (holder.get() != null) {
                holder.get().flush();
            }
        });
        HubSession session = new HubSession("shed", client, resilience, scheduler, tokens, null, 1,
                () -> HubClientSkewTest.FACTS, work -> { }, buffer);
        holder.set(session);
        buffer.report(reports("w", 1).reports().get(0));
        session.start();

        await().atMost(Duration.ofSeconds(15)).until(() -> buffer.size() == 0);
        session.stop();

        List<StubHub.Request> sent = hub.to("/agent/v1/status");
        assertThat(sent).hasSize(3).extracting(StubHub.Request::body).containsOnly(sent.get(0).body());
        assertThat(millisBetween(sent.get(0), sent.get(2))).isGreaterThanOrEqualTo(1950L);
        assertThat(session.failure()).isNotDone();
        assertThat(sent).allSatisfy(r -> assertThat(r.header(AgentProtocol.HEADER)).isEqualTo(AgentProtocol.VERSION));
    }

    @Test
    void aSessionRefusedForItsProtocolMajorStopsWithAClearMessageAndKeepsItsReports() {
        String refusal = """
                {"type":"https://flotilla.dev/problems/unsupported-protocol","status":400,
                 "detail":"agent protocol 1.1 is not supported: this meta-controller speaks 2.0"}""";
        hub.on("/agent/v1/work", Answer.json(400, refusal).with(AgentProtocol.HEADER, "2.0"))
                .on("/agent/v1/status", Answer.json(400, refusal).with(AgentProtocol.HEADER, "2.0"))
                .on("/agent/v1/facts", Answer.json(400, refusal).with(AgentProtocol.HEADER, "2.0"));
        TokenStore tokens = TokenStore.inMemory();
        tokens.save("fla_stored");
        ReportBuffer buffer = new ReportBuffer(100, () -> { });
        buffer.report(reports("w", 1).reports().get(0));
        HubSession session = new HubSession("major", client, resilience, scheduler, tokens, null, 1,
                () -> new ClusterFacts("v1.31.0", "absent", "0.1.0", 1, List.of(), List.of(), List.of()),
                work -> { }, buffer);

        session.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> session.failure().isDone());
        assertThat(session.failure()).failsWithin(Duration.ZERO).withThrowableThat()
                .withMessageContaining("protocol").withMessageContaining(AgentProtocol.VERSION)
                .withMessageContaining("2.0");
        assertThat(buffer.size()).as("nothing dropped").isEqualTo(1);
    }
}
