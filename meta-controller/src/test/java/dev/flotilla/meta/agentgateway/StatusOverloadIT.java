package dev.flotilla.meta.agentgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flotilla.api.agent.StatusReport;
import dev.flotilla.api.agent.StatusReports;
import dev.flotilla.api.agent.WorkPhase;
import dev.flotilla.meta.support.IntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * An overloaded status writer answers at once with 503 and {@code Retry-After} instead of letting agents time out,
 * and the reports sent again once the pressure is gone are applied exactly once. Its own context: a queue of two
 * requests and a commit wait of four seconds.
 */
@IntegrationTest
@Import(GatewayTestBeans.class)
@TestPropertySource(properties = {"flotilla.agent.work-sweep-interval=1h", "flotilla.agent.status-queue-capacity=2",
        "flotilla.agent.status-commit-wait=4s"})
class StatusOverloadIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StatusBatcher batcher;

    @Autowired
    MeterRegistry meters;

    @Autowired
    GatewayTestBeans.TestWork work;

    @Autowired
    GatewayTestBeans.TestWorkOwner owner;

    private final CountDownLatch release = new CountDownLatch(1);
    private ExecutorService callers;

    record Answer(int status, String contentType, String retryAfter, String body, long millis) {
    }

    @BeforeEach
    void blockTheWriter() {
        callers = Executors.newFixedThreadPool(4);
        // the writer takes this request and holds its transaction open until the test releases it
        CountDownLatch taken = new CountDownLatch(1);
        CompletableFuture.runAsync(() -> batcher.apply(() -> {
            taken.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }), callers);
        await().atMost(Duration.ofSeconds(20)).until(() -> taken.getCount() == 0);
    }

    @AfterEach
    void releaseTheWriter() {
        release.countDown();
        callers.shutdown();
    }

    Answer post(String token, StatusReports reports) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/agent/v1/status"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(reports))).build();
        long started = System.nanoTime();
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""),
                    r.headers().firstValue("Retry-After").orElse(null), r.body(),
                    Duration.ofNanos(System.nanoTime() - started).toMillis());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static StatusReports report(String workId, long seq) {
        return new StatusReports(List.of(new StatusReport(workId, 1, seq, WorkPhase.BATCH_IN_PROGRESS, 1, 3, null,
                null)));
    }

    double shed(String reason) {
        var counter = meters.find("flotilla.agent.status.shed").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aFullQueueIsAnswered503WithRetryAfterAtOnceAndTheReportSentAgainLaterIsAppliedOnce() {
        TestFleet fleet = new TestFleet(jdbc);
        String token = fleet.registered("overload-full", "READY");
        long id = fleet.id("overload-full");
        work.put(id, "test:overload-full:a");
        double shedBefore = shed("queue-full");
        // two more requests fill the queue of two behind the blocked writer
        for (int i = 0; i < 2; i++) {
            CompletableFuture.runAsync(() -> batcher.apply(() -> { }), callers);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> batcher.queued() == 2);

        Answer shedAnswer = post(token, report("test:overload-full:a", 3));

        assertThat(shedAnswer.status()).as(shedAnswer.body()).isEqualTo(503);
        assertThat(shedAnswer.contentType()).contains("application/problem+json");
        assertThat(shedAnswer.retryAfter()).isNotNull();
        assertThat(Integer.parseInt(shedAnswer.retryAfter())).isBetween(1, 5);
        assertThat(JSON.readTree(shedAnswer.body()).path("type").asString()).endsWith("/overloaded");
        assertThat(shedAnswer.millis()).as("answered at once, not after the commit wait").isLessThan(3000);
        assertThat(shed("queue-full")).isEqualTo(shedBefore + 1);
        assertThat(owner.of(id)).isEmpty();

        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> batcher.queued() == 0);
        Answer retried = post(token, report("test:overload-full:a", 3));
        Answer again = post(token, report("test:overload-full:a", 3));

        assertThat(retried.status()).as(retried.body()).isEqualTo(204);
        assertThat(again.status()).isEqualTo(204);
        assertThat(owner.of(id)).extracting(r -> r.report().seq()).containsExactly(3L);
    }

    @Test
    void aCommitThatTakesLongerThanTheWaitIsAnswered503WithRetryAfterAndNothingOfItIsApplied() {
        TestFleet fleet = new TestFleet(jdbc);
        String token = fleet.registered("overload-slow", "READY");
        long id = fleet.id("overload-slow");
        work.put(id, "test:overload-slow:a");
        double shedBefore = shed("commit-wait");

        Answer slow = post(token, report("test:overload-slow:a", 5));

        assertThat(slow.status()).as(slow.body()).isEqualTo(503);
        assertThat(slow.contentType()).contains("application/problem+json");
        assertThat(slow.retryAfter()).isEqualTo("1");
        assertThat(JSON.readTree(slow.body()).path("detail").asString()).contains("nothing was applied");
        assertThat(slow.millis()).as("answered after the commit wait, well before any client timeout")
                .isBetween(3500L, 15000L);
        // (the test's own blocked request times out the same way: at least one more)
        assertThat(shed("commit-wait")).isGreaterThanOrEqualTo(shedBefore + 1);

        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> batcher.queued() == 0);
        assertThat(owner.of(id)).as("taken off the queue: never applied").isEmpty();
        Answer retried = post(token, report("test:overload-slow:a", 5));

        assertThat(retried.status()).as(retried.body()).isEqualTo(204);
        assertThat(owner.of(id)).extracting(r -> r.report().seq()).containsExactly(5L);
    }
}
