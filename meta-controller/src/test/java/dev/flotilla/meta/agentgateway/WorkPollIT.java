package dev.flotilla.meta.agentgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flotilla.meta.support.Api;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

@GatewayIntegrationTest
class WorkPollIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    WorkSignals signals;

    @Autowired
    WorkPolls polls;

    @Autowired
    GatewayTestBeans.TestWork work;

    @Autowired
    PlatformTransactionManager transactions;

    AgentClient agents;

    TestFleet fleet() {
        return new TestFleet(jdbc);
    }

    AgentClient agents() {
        if (agents == null) {
            agents = new AgentClient(port);
        }
        return agents;
    }

    @AfterEach
    void closeClient() {
        if (agents != null) {
            agents.close();
        }
    }

    @Test
    void answersAtOnceWithTheItemsWhenTheClusterIsAheadOfTheAgent() {
        String token = fleet().registered("poll-ahead", "READY");
        long id = fleet().id("poll-ahead");
        fleet().bumpWork(id);
        long generation = fleet().bumpWork(id);
        work.put(id, "test:poll-ahead:shop");

        // a 60 s wait that returns within the await proves it did not wait
        CompletableFuture<AgentClient.Answer> answer = agents().poll(token, 0, 60);

        await().atMost(Duration.ofSeconds(30)).until(answer::isDone);
        assertThat(answer.join().status()).isEqualTo(200);
        assertThat(answer.join().generation()).isEqualTo(generation).isEqualTo(2);
        assertThat(answer.join().body().path("items").get(0).path("workId").asString())
                .isEqualTo("test:poll-ahead:shop");
    }

    @Test
    void holdsAPollUntilItsTimeoutWhenNothingChanged() {
        String token = fleet().registered("poll-holds", "READY");

        CompletableFuture<AgentClient.Answer> answer = agents().poll(token, 0, 3);

        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> !answer.isDone());
        await().atMost(Duration.ofSeconds(30)).until(answer::isDone);
        assertThat(answer.join().status()).as("no change: nothing to send").isEqualTo(204);
        assertThat(answer.join().body()).isNull();
    }

    @Test
    void aChangeCommittedWithoutASignalStillReachesTheWaitingPollByTheSweepOrItsTimeout() {
        String token = fleet().registered("poll-missed", "READY");
        long id = fleet().id("poll-missed");
        int before = polls.waitingCount();
        CompletableFuture<AgentClient.Answer> answer = agents().poll(token, 0, 3);
        await().atMost(Duration.ofSeconds(30)).until(() -> polls.waitingCount() > before);

        new TransactionTemplate(transactions).executeWithoutResult(tx -> {
            fleet().bumpWork(id);
            work.put(id, "test:poll-missed:shop");
        });

        await().atMost(Duration.ofSeconds(30)).until(answer::isDone);
        assertThat(answer.join().status()).isEqualTo(200);
        assertThat(answer.join().generation()).isEqualTo(1);
        assertThat(answer.join().body().path("items").size()).isEqualTo(1);
    }

    @Test
    void aPollWhoseRequestTheContainerGaveUpOnLeavesTheWaitingSet() {
        fleet().registered("poll-given-up", "READY");
        long id = fleet().id("poll-given-up");
        long generation = fleet().workGeneration(id);
        int before = polls.waitingCount();
        var parked = polls.poll(new dev.flotilla.meta.cluster.AgentCaller(id, "poll-given-up"), generation, 60);
        assertThat(polls.waitingCount()).isEqualTo(before + 1);

        // what AgentAnswers does when the connection breaks or the container's timeout runs out
        parked.cancel(false);

        assertThat(polls.waitingCount()).isEqualTo(before);
    }

    @Test
    void wakesAWaitingPollWhenATransactionThatBumpedTheGenerationCommits() {
        String token = fleet().registered("poll-woken", "READY");
        long id = fleet().id("poll-woken");
        int before = polls.waitingCount();
        CompletableFuture<AgentClient.Answer> answer = agents().poll(token, 0, 60);
        await().atMost(Duration.ofSeconds(30)).until(() -> polls.waitingCount() > before);

        new TransactionTemplate(transactions).executeWithoutResult(tx -> {
            fleet().bumpWork(id);
            work.put(id, "test:poll-woken:shop");
            signals.afterCommit(List.of(id));
            assertThat(answer).isNotDone();
        });

        // the sweep is off in this context and the poll's own timeout is 60 s: only the signal answers in time
        await().atMost(Duration.ofSeconds(20)).until(answer::isDone);
        assertThat(answer.join().generation()).isEqualTo(1);
        assertThat(answer.join().body().path("items").get(0).path("workId").asString())
                .isEqualTo("test:poll-woken:shop");
    }

    @Test
    void aSignalForAnotherClusterLeavesThePollWaiting() {
        String token = fleet().registered("poll-other-quiet", "READY");
        fleet().registered("poll-other-busy", "READY");
        long busy = fleet().id("poll-other-busy");
        int before = polls.waitingCount();
        CompletableFuture<AgentClient.Answer> answer = agents().poll(token, 0, 3);
        await().atMost(Duration.ofSeconds(30)).until(() -> polls.waitingCount() > before);

        fleet().bumpWork(busy);
        signals.afterCommit(List.of(busy));

        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> !answer.isDone());
        await().atMost(Duration.ofSeconds(30)).until(answer::isDone);
        assertThat(answer.join().status()).as("timed out without news for its own cluster").isEqualTo(204);
    }

    @ParameterizedTest
    @CsvSource({
            "generation=-1&timeoutSeconds=5, generation",
            "generation=0&timeoutSeconds=61, timeoutSeconds",
            "generation=0&timeoutSeconds=0, timeoutSeconds",
            "generation=abc, generation"})
    void refusesBadPollParametersNamingThem(String query, String parameter) {
        String token = fleet().registered("poll-bad-" + Math.abs(query.hashCode()), "READY");

        Api.Reply reply = new Api(port).get(token, "/agent/v1/work?" + query);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.detail()).contains(parameter);
    }

    @Test
    void exposesThePollMetrics() throws Exception {
        String token = fleet().registered("poll-metrics", "READY");
        fleet().bumpWork(fleet().id("poll-metrics"));
        assertThat(new Api(port).get(token, "/agent/v1/work?generation=0").status()).isEqualTo(200);

        String metrics = prometheus();

        assertThat(metrics).contains("flotilla_agent_polls_total{outcome=\"work\"}",
                "flotilla_agent_polls_total{outcome=\"timeout\"}", "flotilla_agent_poll_latency_seconds_count",
                "flotilla_agent_polls_waiting", "flotilla_agent_heartbeats_flushed_total");
    }

    /** The scrape is text, not JSON, so it bypasses {@link Api}. */
    String prometheus() throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).GET().build();
        var response = java.net.http.HttpClient.newHttpClient()
                .send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
