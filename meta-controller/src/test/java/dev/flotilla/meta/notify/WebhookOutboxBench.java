package dev.flotilla.meta.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flotilla.meta.support.IntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Measures the outbox: what the trigger adds to writing campaign-wide events, what a claim costs with a long
 * backlog behind a dead receiver, and how fast a replica drains queued events to a receiver on 127.0.0.1. Not run
 * by default (no Test/IT suffix): {@code ./mvnw -B -pl meta-controller -am test -Dtest=WebhookOutboxBench
 * -Dsurefire.failIfNoSpecifiedTests=false}; the figures are in docs/notifications.md.
 */
@IntegrationTest
@TestPropertySource(properties = "flotilla.webhooks.poll-interval=1h")
class WebhookOutboxBench {

    private static final Logger log = LoggerFactory.getLogger(WebhookOutboxBench.class);
    private static final String SECRET = "bench-secret-0123456789";
    private static final int EVENTS = 200;

    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    Deliveries deliveries;
    @Autowired
    WebhookDeliverer deliverer;

    @Test
    void measuresTheTriggerTheClaimAndTheDrain() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET)) {
            long campaign = campaign("bench-app");
            double without = insertEvents(campaign, EVENTS);
            hooks(100, "bench-other", receiver.url("/other"));
            hooks(10, "bench-app", receiver.url("/drain"));
            double with = insertEvents(campaign, EVENTS);
            log.info("BENCH trigger: {} campaign-wide events in batches of 10: {} ms without hooks, {} ms with 110 "
                    + "hooks of which 10 match ({} deliveries queued)", EVENTS, fmt(without), fmt(with),
                    count("PENDING"));

            // a dead receiver's hook with 10,000 pending behind its head, which is in flight (leased)
            long dead = hooks(1, "bench-dead", "http://127.0.0.1:9/dead").get(0);
            long deadCampaign = campaign("bench-dead");
            insertEvents(deadCampaign, 10_000);
            jdbc.sql("UPDATE webhook_delivery SET lease_until = now() + interval '1 hour' WHERE id = (SELECT min(id) "
                    + "FROM webhook_delivery WHERE webhook_id = ?)").param(dead).update();
            jdbc.sql("ANALYZE webhook_delivery").update();
            tx.executeWithoutResult(status -> {
                log.info("BENCH claim plan:\n{}", String.join("\n", jdbc.sql("EXPLAIN (ANALYZE, BUFFERS) "
                        + Deliveries.CLAIM).params(8, java.util.UUID.randomUUID(), 30_000).query(String.class).list()));
                status.setRollbackOnly();
            });
            List<Double> claims = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                long start = System.nanoTime();
                tx.executeWithoutResult(status -> {
                    assertThat(deliveries.claim(8, Duration.ofSeconds(30))).hasSize(8);
                    status.setRollbackOnly();
                });
                claims.add((System.nanoTime() - start) / 1e6);
            }
            log.info("BENCH claim of 8 with 112 hooks and {} pending (10,000 behind one dead hook): median {} ms, "
                    + "p99 {} ms", count("PENDING"), fmt(percentile(claims, 50)), fmt(percentile(claims, 99)));

            long queued = jdbc.sql("SELECT count(*) FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id "
                    + "WHERE w.url LIKE '%/drain'").query(Long.class).single();
            long start = System.nanoTime();
            deliverer.poke();
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(50))
                    .until(() -> receiver.all("/drain").size() >= queued);
            double seconds = (System.nanoTime() - start) / 1e9;
            log.info("BENCH drain: {} deliveries to 10 hooks on one receiver (concurrency 8) in {} s: {} per second",
                    queued, fmt(seconds), fmt(queued / seconds));
            assertThat(receiver.refused()).isEmpty();
        }
    }

    private long campaign(String subject) {
        long id = jdbc.sql("""
                        INSERT INTO wave_campaign (kind, subject, tenant, state, waves, target_count, max_failures,
                                                   on_failure, unreachable, created_at, updated_at)
                        VALUES ('ROLLOUT', ?, 'bench', 'SUCCEEDED', '[]'::jsonb, 0, 0, 'PAUSE', 'WAIT', now(), now())
                        RETURNING id""").param(subject + "-" + System.nanoTime()).query(Long.class).single();
        jdbc.sql("INSERT INTO wave_event_counter (campaign_id) VALUES (?)").param(id).update();
        jdbc.sql("UPDATE wave_campaign SET subject = ? WHERE id = ?").params(subject, id).update();
        return id;
    }

    /** Writes the events as the engine does, ten per transaction; answers the milliseconds it took. */
    private double insertEvents(long campaign, int events) {
        long start = System.nanoTime();
        for (int i = 0; i < events; i += 10) {
            tx.executeWithoutResult(status -> {
                long last = jdbc.sql("UPDATE wave_event_counter SET last_seq = last_seq + 10 WHERE campaign_id = ? "
                        + "RETURNING last_seq").param(campaign).query(Long.class).single();
                String[] types = new String[10];
                Arrays.fill(types, "WAVE_STARTED");
                jdbc.sql("""
                                INSERT INTO wave_event (campaign_id, seq, at, type, message, cluster_name)
                                SELECT ?, ? + e.n, now(), e.type, 'bench', NULL
                                FROM unnest(?::text[]) WITH ORDINALITY AS e(type, n)""")
                        .params(campaign, last - 10, types).update();
            });
        }
        return (System.nanoTime() - start) / 1e6;
    }

    private List<Long> hooks(int n, String subject, String url) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(jdbc.sql("""
                            INSERT INTO webhook (name, url, secret, subjects, created_at, updated_at)
                            VALUES (?, ?, ?, ARRAY[?], now(), now()) RETURNING id""")
                    .params(subject + "-" + i + "-" + System.nanoTime() % 100000, url, SECRET, subject)
                    .query(Long.class).single());
        }
        return ids;
    }

    private long count(String state) {
        return jdbc.sql("SELECT count(*) FROM webhook_delivery WHERE state = ?").param(state).query(Long.class)
                .single();
    }

    private static double percentile(List<Double> values, int p) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
