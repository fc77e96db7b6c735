package dev.flotilla.meta.agentgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flotilla.meta.support.IntegrationTest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/** Closes its own context, so it has one to itself. */
@IntegrationTest
@TestPropertySource(properties = "flotilla.agent.poll-timeout=59s")
@DirtiesContext
class PollShutdownIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    WorkPolls polls;

    @Autowired
    ConfigurableApplicationContext context;

    @Test
    void answersWaitingPollsWithRetryableUnavailableWhenTheServiceStops() {
        String token = new TestFleet(jdbc).registered("shutdown-waiting", "READY");
        try (AgentClient agents = new AgentClient(port)) {
            CompletableFuture<AgentClient.Answer> answer = agents.poll(token, 0, 60);
            await().atMost(Duration.ofSeconds(30)).until(() -> polls.waitingCount() == 1);

            // the lifecycle stop a shutdown runs (closing would leave the test framework a dead context)
            context.stop();

            await().atMost(Duration.ofSeconds(20)).until(answer::isDone);
            assertThat(answer.join().status()).isEqualTo(503);
            assertThat(answer.join().body().path("detail").asString()).contains("shutting down");
        }
    }
}
