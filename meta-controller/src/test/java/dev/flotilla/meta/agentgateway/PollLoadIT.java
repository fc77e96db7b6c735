package dev.flotilla.meta.agentgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Thousands of agents waiting at once must cost memory, not threads. */
@GatewayIntegrationTest
class PollLoadIT {

    static final int AGENTS = 2_000;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    WorkSignals signals;

    @Autowired
    WorkPolls polls;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    MeterRegistry meters;

    double workAnswers() {
        return meters.get("flotilla.agent.polls").tag("outcome", "work").counter().count();
    }

    @Test
    void holdsTwoThousandWaitingPollsWithoutAThreadEachAndAnswersAllWhenSignalled() {
        List<String> tokens = new TestFleet(jdbc).registeredMany("load", AGENTS);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int before = polls.waitingCount();
        try (AgentClient agents = new AgentClient(port)) {
            // other test contexts cached in this JVM hold threads of their own: count what the polls add
            int baseline = threads.getThreadCount();
            threads.resetPeakThreadCount();
            List<CompletableFuture<AgentClient.Answer>> answers = tokens.stream()
                    .map(token -> agents.poll(token, 0, 60)).toList();

            await().atMost(Duration.ofMinutes(2)).until(() -> polls.waitingCount() - before == AGENTS);
            int peak = threads.getPeakThreadCount();
            int live = threads.getThreadCount();
            assertThat(answers).noneMatch(CompletableFuture::isDone);

            double answeredBefore = workAnswers();
            long signalled = System.nanoTime();
            new TransactionTemplate(transactions).executeWithoutResult(tx -> {
                List<Long> ids = jdbc.sql("""
                                INSERT INTO cluster_work (cluster_id, generation, changed_at)
                                SELECT id, 1, now() FROM cluster WHERE name LIKE 'load-%'
                                ON CONFLICT (cluster_id) DO UPDATE SET generation = cluster_work.generation + 1,
                                    changed_at = now()
                                RETURNING cluster_id""").query(Long.class).list();
                signals.afterCommit(ids);
            });
            await().pollInterval(Duration.ofMillis(10)).atMost(Duration.ofMinutes(2))
                    .until(() -> workAnswers() - answeredBefore >= AGENTS);
            long settledMillis = (System.nanoTime() - signalled) / 1_000_000;
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
            long wokenMillis = (System.nanoTime() - signalled) / 1_000_000;

            System.out.printf("%d waiting polls: %d threads before, peak %d, %d live while parked; all answers set %d ms "
                    + "and all received %d ms after the signal%n", AGENTS, baseline, peak, live, settledMillis,
                    wokenMillis);
            assertThat(peak - baseline).isLessThan(AGENTS / 2);
            assertThat(live - baseline).isLessThan(AGENTS / 4);
            assertThat(answers).allSatisfy(answer -> {
                assertThat(answer.join().status()).isEqualTo(200);
                assertThat(answer.join().generation()).isEqualTo(1);
            });
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
