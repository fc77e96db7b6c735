package dev.flotilla.meta.agentgateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The sweep's horizon against a real PostgreSQL: a change stays in reach while the transaction that made it is
 * open, however long past the margin, and once a sweep has read it the next ones no longer do. The sweep's own
 * timer is off in this context; the test runs sweeps itself.
 */
@GatewayIntegrationTest
class WorkChangeHorizonIT {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    WorkGenerations generations;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void aChangeOfATransactionOpenAcrossSweepsIsReadOnceItCommitsAndThenNoMore() throws Exception {
        TestFleet fleet = new TestFleet(jdbc);
        fleet.registered("horizon-open", "READY");
        long id = fleet.id("horizon-open");
        long before = generations.current(id).orElseThrow();
        Instant since = generations.changedSince(Instant.now().minus(WorkChangeSweep.LOOK_BACK)).nextSince();

        CountDownLatch written = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Instant[] started = new Instant[1];
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() ->
                new TransactionTemplate(transactions).executeWithoutResult(tx -> {
                    started[0] = jdbc.sql("SELECT now()").query(java.sql.Timestamp.class).single().toInstant();
                    fleet.bumpWork(id);
                    written.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
        assertThat(written.await(30, TimeUnit.SECONDS)).isTrue();

        // sweeps while the writer stays open well past the margin: nothing to read yet, the horizon held back
        Instant deadline = Instant.now().plus(WorkGenerations.HORIZON_MARGIN.multipliedBy(3));
        while (Instant.now().isBefore(deadline)) {
            WorkGenerations.Changes open = generations.changedSince(since);
            // the row may be read (its registration is recent) but not yet with the uncommitted generation
            assertThat(open.generations().getOrDefault(id, before)).isEqualTo(before);
            assertThat(open.nextSince()).isBefore(started[0]);
            since = open.nextSince();
            Thread.sleep(200);
        }
        release.countDown();
        writer.get(30, TimeUnit.SECONDS);

        WorkGenerations.Changes committed = generations.changedSince(since);
        assertThat(committed.generations()).containsEntry(id, before + 1);
        assertThat(generations.current(id)).hasValue(before + 1);

        WorkGenerations.Changes after = generations.changedSince(committed.nextSince());
        assertThat(after.generations()).as("read by one sweep, not by every sweep of the look-back")
                .doesNotContainKey(id);
    }
}
