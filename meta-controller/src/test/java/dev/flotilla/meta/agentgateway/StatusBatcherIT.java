package dev.flotilla.meta.agentgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.flotilla.meta.support.IntegrationTest;
import dev.flotilla.meta.web.FlotillaException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit of status requests: many callers, few transactions, a refused caller hurts no neighbour, and requests
 * that come one by one within the linger share a transaction.
 */
@IntegrationTest
class StatusBatcherIT {

    @Autowired
    StatusBatcher batcher;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate tx;

    @Test
    void appliesWaitingRequestsInOneTransactionAndIsolatesARefusedOne() throws Exception {
        jdbc.sql("CREATE TABLE IF NOT EXISTS batcher_probe (caller INT PRIMARY KEY, tx BIGINT NOT NULL)").update();
        CountDownLatch hold = new CountDownLatch(1);
        ExecutorService callers = Executors.newFixedThreadPool(41);
        try {
            // given the writer is busy with one request while 40 more queue up behind it
            CountDownLatch held = new CountDownLatch(1);
            CompletableFuture<Void> first = CompletableFuture.runAsync(() -> batcher.apply(() -> {
                held.countDown();
                awaitQuietly(hold);
                insert(0);
            }), callers);
            // the writer runs it (after its linger): what comes now waits in the queue
            assertThat(held.await(20, TimeUnit.SECONDS)).isTrue();
            List<CompletableFuture<Void>> queued = new ArrayList<>();
            for (int i = 1; i <= 40; i++) {
                int caller = i;
                queued.add(CompletableFuture.runAsync(() -> batcher.apply(() -> {
                    insert(caller);
                    if (caller == 13) {
                        throw FlotillaException.forbidden("caller 13 reports another cluster's work");
                    }
                }), callers));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> batcher.queued() == 40);

            // when the writer is released
            hold.countDown();
            first.get();

            // then every caller but the refused one is applied, in far fewer transactions than callers
            for (int i = 0; i < 40; i++) {
                CompletableFuture<Void> f = queued.get(i);
                if (i + 1 == 13) {
                    assertThat(f).failsWithin(Duration.ofSeconds(20)).withThrowableThat()
                            .havingRootCause().isInstanceOf(FlotillaException.class);
                } else {
                    assertThat(f).succeedsWithin(Duration.ofSeconds(20));
                }
            }
            List<Integer> applied = jdbc.sql("SELECT caller FROM batcher_probe ORDER BY caller").query(Integer.class).list();
            assertThat(applied).hasSize(40).doesNotContain(13);
            long transactions = jdbc.sql("SELECT count(DISTINCT tx) FROM batcher_probe WHERE caller > 0")
                    .query(Long.class).single();
            assertThat(transactions).isLessThan(10);
        } finally {
            hold.countDown();
            callers.shutdownNow();
        }
    }

    @Test
    void appliesTheRequestsOfABatchWithOneCallAndRefusesOneAloneBeforeAnythingOfItIsWritten() throws Exception {
        jdbc.sql("CREATE TABLE IF NOT EXISTS batched_probe (caller INT PRIMARY KEY, tx BIGINT NOT NULL)").update();
        List<Integer> callSizes = java.util.Collections.synchronizedList(new ArrayList<>());
        StatusBatcher.Batch<Integer> batch = callers -> {
            callSizes.add(callers.size());
            for (Integer caller : callers) {
                if (caller == 7) {
                    throw new StatusBatcher.Refusal(caller, FlotillaException.forbidden("caller 7 is refused"));
                }
            }
            jdbc.sql("INSERT INTO batched_probe (caller, tx) SELECT c, txid_current() FROM unnest(?::int[]) AS c")
                    .param(callers.toArray(Integer[]::new)).update();
        };
        CountDownLatch hold = new CountDownLatch(1);
        ExecutorService callers = Executors.newFixedThreadPool(31);
        try {
            // given the writer is busy while 30 requests of one batch queue up behind it
            CountDownLatch held = new CountDownLatch(1);
            CompletableFuture<Void> first = CompletableFuture.runAsync(() -> batcher.apply(() -> {
                held.countDown();
                awaitQuietly(hold);
            }), callers);
            assertThat(held.await(20, TimeUnit.SECONDS)).isTrue();
            List<CompletableFuture<Void>> queued = new ArrayList<>();
            for (int i = 1; i <= 30; i++) {
                int caller = i;
                queued.add(CompletableFuture.runAsync(() -> batcher.apply(batch, caller), callers));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> batcher.queued() == 30);

            // when the writer is released
            hold.countDown();
            first.get();

            // then the refused caller fails alone, the others are applied together by a call for all of them
            for (int i = 1; i <= 30; i++) {
                if (i == 7) {
                    assertThat(queued.get(i - 1)).failsWithin(Duration.ofSeconds(20)).withThrowableThat()
                            .havingRootCause().isInstanceOf(FlotillaException.class).withMessageContaining("caller 7");
                } else {
                    assertThat(queued.get(i - 1)).succeedsWithin(Duration.ofSeconds(20));
                }
            }
            assertThat(jdbc.sql("SELECT caller FROM batched_probe ORDER BY caller").query(Integer.class).list())
                    .hasSize(29).doesNotContain(7);
            assertThat(jdbc.sql("SELECT count(DISTINCT tx) FROM batched_probe").query(Long.class).single())
                    .isEqualTo(1);
            assertThat(callSizes).as("one call with all 30, then one with the 29 left").containsExactly(30, 29);
        } finally {
            hold.countDown();
            callers.shutdownNow();
        }
    }

    @Test
    void requestsThatComeOneByOneWithinTheLingerAreAppliedTogether() throws Exception {
        jdbc.sql("CREATE TABLE IF NOT EXISTS linger_probe (caller INT PRIMARY KEY, tx BIGINT NOT NULL)").update();

        // a request every 20 ms: with a linger of a second the writer waits for the group, without it commits each
        assertThat(transactionsOfSpacedRequests(Duration.ofSeconds(1), 0)).isEqualTo(1);
        assertThat(transactionsOfSpacedRequests(Duration.ZERO, 100)).isGreaterThan(1);
    }

    @Test
    void aLingerOverASecondIsRefused() {
        assertThatThrownBy(() -> new StatusBatcher(tx, 10, Duration.ofSeconds(10), Duration.ofSeconds(2),
                Thread.NORM_PRIORITY, new SimpleMeterRegistry())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("flotilla.agent.status-linger");
    }

    /** Eight requests 20 ms apart through a writer with this linger; how many transactions applied them. */
    private long transactionsOfSpacedRequests(Duration linger, int firstCaller) throws Exception {
        StatusBatcher writer = new StatusBatcher(tx, 100, Duration.ofSeconds(10), linger, Thread.NORM_PRIORITY,
                new SimpleMeterRegistry());
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Void>> sent = new ArrayList<>();
            for (int i = 1; i <= 8; i++) {
                int caller = firstCaller + i;
                sent.add(CompletableFuture.runAsync(() -> writer.apply(() -> jdbc.sql(
                        "INSERT INTO linger_probe (caller, tx) VALUES (?, txid_current())").param(caller).update()),
                        callers));
                Thread.sleep(20);
            }
            sent.forEach(f -> assertThat(f).succeedsWithin(Duration.ofSeconds(20)));
            return jdbc.sql("SELECT count(DISTINCT tx) FROM linger_probe WHERE caller > ? AND caller <= ?")
                    .param(firstCaller).param(firstCaller + 8).query(Long.class).single();
        } finally {
            writer.stop();
            callers.shutdownNow();
        }
    }

    private void insert(int caller) {
        jdbc.sql("INSERT INTO batcher_probe (caller, tx) VALUES (?, txid_current())").param(caller).update();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
