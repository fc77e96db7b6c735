package dev.flotilla.meta.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.meta.support.Exchange;
import dev.flotilla.meta.support.Fleet;
import dev.flotilla.meta.support.IntegrationTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code Idempotency-Key} on creating POSTs against the real service and PostgreSQL: a retry whose answer was lost
 * gets the first answer again (the cluster's one-time bootstrap token included) and creates nothing more; another
 * body under the same key is 422; racing requests with one key create once.
 */
@IntegrationTest
class IdempotencyKeyIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    IdempotencyKeys keys;

    @Autowired
    DataSource dataSource;

    private Exchange http() {
        return new Exchange(port);
    }

    private static Map<String, Object> cluster(String name, String region) {
        return Map.of("name", name, "tenant", "idem", "region", region, "zone", region + "-1a");
    }

    private int clusters(String name) {
        return jdbc.sql("SELECT count(*) FROM cluster WHERE name = ?").param(name).query(Integer.class).single();
    }

    @Test
    void retryingAClusterCreationReturnsTheSameBootstrapTokenAndCreatesOneCluster() {
        String key = UUID.randomUUID().toString();

        Exchange.Answer first = http().send(Fleet.ADMIN, "POST", "/api/v1/clusters", cluster("idem-retry", "eu"),
                "Idempotency-Key", key);
        Exchange.Answer retry = http().send(Fleet.ADMIN, "POST", "/api/v1/clusters", cluster("idem-retry", "eu"),
                "Idempotency-Key", key);

        assertThat(first.status()).as(first.response().body()).isEqualTo(201);
        assertThat(retry.status()).as(retry.response().body()).isEqualTo(201);
        String token = first.body().path("bootstrapToken").asString();
        assertThat(token).startsWith("flb_");
        assertThat(retry.body().path("bootstrapToken").asString()).isEqualTo(token);
        assertThat(retry.response().body()).isEqualTo(first.response().body());
        assertThat(retry.header("Idempotent-Replayed")).contains("true");
        assertThat(first.header("Idempotent-Replayed")).isEmpty();
        assertThat(retry.etag()).isEqualTo(first.etag()).isNotNull();
        assertThat(clusters("idem-retry")).isEqualTo(1);
        // without the key, the same request is the plain conflict it always was
        assertThat(http().send(Fleet.ADMIN, "POST", "/api/v1/clusters", cluster("idem-retry", "eu")).status())
                .isEqualTo(409);
    }

    @Test
    void storedAnswersHoldNeitherTheKeyNorTheSecretInTheClear() {
        String key = UUID.randomUUID().toString();

        Exchange.Answer first = http().send(Fleet.ADMIN, "POST", "/api/v1/clusters", cluster("idem-sealed", "eu"),
                "Idempotency-Key", key);

        String token = first.body().path("bootstrapToken").asString();
        List<Map<String, Object>> rows = jdbc.sql("SELECT key_hash, sealed_body FROM idempotency_key").query().listOfRows();
        assertThat(rows).isNotEmpty();
        for (Map<String, Object> row : rows) {
            assertThat((String) row.get("key_hash")).doesNotContain(key);
            assertThat(new String((byte[]) row.get("sealed_body"), java.nio.charset.StandardCharsets.ISO_8859_1))
                    .doesNotContain(token).doesNotContain("bootstrapToken");
        }
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefused422AndCreatesNothing() {
        String key = UUID.randomUUID().toString();
        assertThat(http().send(Fleet.ADMIN, "POST", "/api/v1/clusters", cluster("idem-body", "eu"),
                "Idempotency-Key", key).status()).isEqualTo(201);

        Exchange.Answer other = http().send(Fleet.ADMIN, "POST", "/api/v1/clusters", cluster("idem-body-2", "us"),
                "Idempotency-Key", key);

        assertThat(other.status()).as(other.response().body()).isEqualTo(422);
        assertThat(other.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
        assertThat(other.body().path("type").asString()).endsWith("/idempotency-key-reused");
        assertThat(clusters("idem-body-2")).isZero();
    }

    @Test
    void keysAreTheCallersOwn() {
        String key = UUID.randomUUID().toString();
        String other = new Fleet(new dev.flotilla.meta.support.Api(port)).token("idem-other-admin", "admin", null);
        assertThat(http().send(Fleet.ADMIN, "POST", "/api/v1/clusters", cluster("idem-mine", "eu"),
                "Idempotency-Key", key).status()).isEqualTo(201);

        Exchange.Answer theirs = http().send(other, "POST", "/api/v1/clusters", cluster("idem-mine", "eu"),
                "Idempotency-Key", key);

        // another caller's key is a key of its own: the request runs, and meets the cluster as a conflict
        assertThat(theirs.status()).isEqualTo(409);
    }

    @Test
    void racingRequestsWithOneKeyCreateOnce() throws Exception {
        String key = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Exchange.Answer>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                answers.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return http().send(Fleet.ADMIN, "POST", "/api/v1/clusters", cluster("idem-race", "eu"),
                            "Idempotency-Key", key);
                }, pool));
            }
            go.countDown();
            List<Exchange.Answer> all = answers.stream().map(CompletableFuture::join).toList();

            assertThat(all).allSatisfy(a -> assertThat(a.status()).as(a.response().body()).isIn(201, 409));
            assertThat(all.stream().filter(a -> a.status() == 201).map(a -> a.body().path("bootstrapToken").asString())
                    .distinct().toList()).hasSize(1);
            assertThat(all.stream().filter(a -> a.status() == 409))
                    .allSatisfy(a -> assertThat(a.body().path("type").asString()).endsWith("/idempotency-key-in-flight"));
            assertThat(clusters("idem-race")).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRequestWhoseKeyIsInFlightElsewhereWaitsThenAnswers409AndCreatesNothing() throws Exception {
        String key = UUID.randomUUID().toString();
        // another request's transaction holds the key's row, uncommitted, as a first request still running does
        try (Connection held = dataSource.getConnection()) {
            held.setAutoCommit(false);
            try (PreparedStatement claim = held.prepareStatement("INSERT INTO idempotency_key (key_hash, caller, "
                    + "request_hash, expires_at) VALUES (?, 'admin', 'x', now() + interval '1 hour')")) {
                claim.setString(1, AnswerSeal.of("admin", key).lookupHash());
                claim.executeUpdate();
            }
            long start = System.nanoTime();

            Exchange.Answer second = http().send(Fleet.ADMIN, "POST", "/api/v1/clusters",
                    cluster("idem-in-flight", "eu"), "Idempotency-Key", key);

            assertThat(second.status()).as(second.response().body()).isEqualTo(409);
            assertThat(second.body().path("type").asString()).endsWith("/idempotency-key-in-flight");
            assertThat(second.header("Retry-After")).contains("1");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            assertThat(clusters("idem-in-flight")).isZero();
            held.rollback();
        }
        // the first request rolled back: its key is free, and the retry creates the cluster once
        assertThat(http().send(Fleet.ADMIN, "POST", "/api/v1/clusters", cluster("idem-in-flight", "eu"),
                "Idempotency-Key", key).status()).isEqualTo(201);
        assertThat(clusters("idem-in-flight")).isEqualTo(1);
    }

    @Test
    void aBadKeyIsBadInputAndAFailedCallStoresNothing() {
        Exchange.Answer bad = http().send(Fleet.ADMIN, "POST", "/api/v1/clusters", cluster("idem-bad", "eu"),
                "Idempotency-Key", "x".repeat(300));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().path("detail").asString()).contains("Idempotency-Key");

        String key = UUID.randomUUID().toString();
        Exchange.Answer refused = http().send(Fleet.ADMIN, "POST", "/api/v1/clusters",
                Map.of("name", "Not A Name", "tenant", "idem", "region", "eu", "zone", "eu-1a"), "Idempotency-Key", key);
        assertThat(refused.status()).isEqualTo(400);
        // the refusal rolled back with its key: the corrected request under the same key goes ahead
        assertThat(http().send(Fleet.ADMIN, "POST", "/api/v1/clusters", cluster("idem-fixed", "eu"),
                "Idempotency-Key", key).status()).isEqualTo(201);
    }

    @Test
    void expiredKeysArePurgedInBatches() {
        String key = UUID.randomUUID().toString();
        http().send(Fleet.ADMIN, "POST", "/api/v1/clusters", cluster("idem-expired", "eu"), "Idempotency-Key", key);
        jdbc.sql("""
                INSERT INTO idempotency_key (key_hash, caller, request_hash, status, expires_at)
                SELECT md5(g::text) || md5('x' || g::text), 'idem-bulk', md5('r'), 201, now() - interval '1 hour'
                FROM generate_series(1, 2500) g""").update();
        jdbc.sql("UPDATE idempotency_key SET expires_at = now() - interval '1 minute' WHERE caller = 'admin'").update();

        int purged = keys.purgeExpired();

        assertThat(purged).isGreaterThanOrEqualTo(2501);
        assertThat(jdbc.sql("SELECT count(*) FROM idempotency_key WHERE expires_at <= now()").query(Integer.class)
                .single()).isZero();
        // past its day the key is new again: the retry runs and meets the cluster as a conflict
        assertThat(http().send(Fleet.ADMIN, "POST", "/api/v1/clusters", cluster("idem-expired", "eu"),
                "Idempotency-Key", key).status()).isEqualTo(409);
    }
}
