package dev.flotilla.meta.idempotency;

import dev.flotilla.meta.web.FlotillaException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Claims, stores and replays the answers of requests sent with an {@code Idempotency-Key}. A claim inserts the key's
 * row in the caller's transaction: a second request with the same key waits on that row (PostgreSQL's unique index
 * makes it) until the first commits, and then replays its answer, or until {@code wait} passes (409 in flight); if
 * the first rolls back, its row goes with it and the second goes ahead. So one key never creates twice.
 */
@Component
public class IdempotencyKeys {

    /** The outcome of claiming a key. */
    public sealed interface Claim permits Fresh, Replay, Mismatch, InFlight {
    }

    /** The key is new: go ahead, then {@link #store} the answer in the same transaction. */
    public record Fresh(AnswerSeal seal) implements Claim {
    }

    /** The key answered before with the same request: answer that again. */
    public record Replay(StoredAnswer answer) implements Claim {
    }

    /** The key answered before, another request: a 422. */
    public record Mismatch() implements Claim {
    }

    /** A request with the key is still running: a 409 with {@code Retry-After}. */
    public record InFlight() implements Claim {
    }

    static final int MAX_KEY_CHARS = 255;
    static final int PURGE_BATCH = 1000;
    private static final Logger log = LoggerFactory.getLogger(IdempotencyKeys.class);

    private final JdbcClient jdbc;
    private final Clock clock;

    IdempotencyKeys(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * The key of an {@code Idempotency-Key} header (a structured-field string, quotes optional), null without one;
     * anything but 1 to 255 visible ASCII characters is bad input.
     */
    public static String key(String header) {
        if (header == null) {
            return null;
        }
        String key = header.strip();
        if (key.length() >= 2 && key.startsWith("\"") && key.endsWith("\"")) {
            key = key.substring(1, key.length() - 1);
        }
        if (key.isEmpty() || key.length() > MAX_KEY_CHARS || key.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw FlotillaException.badInput("header 'Idempotency-Key' must be 1 to " + MAX_KEY_CHARS
                    + " visible ASCII characters, such as a UUID").with("field", "Idempotency-Key");
        }
        return key;
    }

    /**
     * Claims the caller's key for a request (its fingerprint: method, path and body) in the current transaction.
     *
     * @param ttl how long a stored answer stays
     * @param wait how long to wait for a request in flight with the same key
     */
    public Claim claim(String caller, String key, String fingerprint, Duration ttl, Duration wait) {
        AnswerSeal seal = AnswerSeal.of(caller, key);
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        String previousTimeout = jdbc.sql("SELECT current_setting('lock_timeout')").query(String.class).single();
        jdbc.sql("SELECT set_config('lock_timeout', ?, true)").param(Math.max(1, wait.toMillis()) + "ms")
                .query(String.class).single();
        int inserted;
        try {
            jdbc.sql("DELETE FROM idempotency_key WHERE key_hash = ? AND expires_at <= ?")
                    .params(seal.lookupHash(), now).update();
            inserted = jdbc.sql("""
                            INSERT INTO idempotency_key (key_hash, caller, request_hash, created_at, expires_at)
                            VALUES (?, ?, ?, ?, ?) ON CONFLICT (key_hash) DO NOTHING""")
                    .params(seal.lookupHash(), caller, fingerprint, now, now.plus(ttl)).update();
        } catch (DataAccessException e) {
            if (!lockTimeout(e)) {
                throw e;
            }
            log.info("Idempotency-Key of {} is in flight in another request", caller);
            return new InFlight();
        }
        jdbc.sql("SELECT set_config('lock_timeout', ?, true)").param(previousTimeout).query(String.class).single();
        if (inserted == 1) {
            return new Fresh(seal);
        }
        return jdbc.sql("""
                        SELECT request_hash, status, location, etag, content_type, sealed_body
                        FROM idempotency_key WHERE key_hash = ?""")
                .param(seal.lookupHash())
                .query((rs, i) -> {
                    if (!rs.getString("request_hash").equals(fingerprint)) {
                        return (Claim) new Mismatch();
                    }
                    if (rs.getObject("status") == null) {
                        return new InFlight();
                    }
                    byte[] sealed = rs.getBytes("sealed_body");
                    return new Replay(new StoredAnswer(rs.getInt("status"), rs.getString("location"),
                            rs.getString("etag"), rs.getString("content_type"),
                            sealed == null ? new byte[0] : seal.open(sealed)));
                })
                .optional()
                // gone between the insert and the read: purged as it expired; the next retry claims it afresh
                .orElseGet(InFlight::new);
    }

    /** PostgreSQL's lock_not_available (55P03): the wait for the key's row ran past {@code lock_timeout}. */
    private static boolean lockTimeout(Throwable failure) {
        if (failure instanceof PessimisticLockingFailureException) {
            return true;
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && "55P03".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** Stores the first answer of a fresh claim, sealed, in the transaction that made it. */
    public void store(Fresh claim, StoredAnswer answer) {
        jdbc.sql("""
                        UPDATE idempotency_key SET status = ?, location = ?, etag = ?, content_type = ?, sealed_body = ?
                        WHERE key_hash = ?""")
                .params(answer.status(), answer.location(), answer.etag(), answer.contentType(),
                        claim.seal().seal(answer.body()), claim.seal().lookupHash())
                .update();
    }

    /** Deletes expired keys, {@link #PURGE_BATCH} rows per statement (each its own transaction); answers how many. */
    @Scheduled(initialDelay = 1, fixedDelay = 10, timeUnit = java.util.concurrent.TimeUnit.MINUTES)
    public int purgeExpired() {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        int total = 0;
        int deleted;
        do {
            deleted = jdbc.sql("""
                            DELETE FROM idempotency_key WHERE key_hash IN (
                                SELECT key_hash FROM idempotency_key WHERE expires_at <= ?
                                ORDER BY expires_at LIMIT ? FOR UPDATE SKIP LOCKED)""")
                    .params(now, PURGE_BATCH).update();
            total += deleted;
        } while (deleted == PURGE_BATCH);
        if (total > 0) {
            log.info("Purged {} expired idempotency keys", total);
        }
        return total;
    }

    /** The fingerprint of a request: a SHA-256 of method, path and body. */
    public static String fingerprint(String method, String path, byte[] canonicalBody) {
        byte[] head = (method + " " + path + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + canonicalBody.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(canonicalBody, 0, all, head.length, canonicalBody.length);
        return AnswerSeal.sha256Hex(all);
    }
}
