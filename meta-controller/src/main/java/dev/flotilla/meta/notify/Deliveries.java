package dev.flotilla.meta.notify;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code webhook_delivery} outbox. Its rows are written by the {@code wave_event} trigger; this claims, settles
 * and reads them. Times are the database's ({@code now()}), so replicas with skewed clocks agree on what is due.
 */
@Repository
class Deliveries {

    /**
     * Claims up to {@code ?} due deliveries, each the oldest pending one of its hook: a hook's later events wait
     * until the earlier one is delivered or failed (one in flight per hook, in order). The heads are found hook by
     * hook through the line index, so a hook with a long backlog costs one probe, not a scan of its backlog.
     * {@code SKIP LOCKED} lets replicas claim side by side; a head another replica claimed after this statement's
     * snapshot fails the lease condition when PostgreSQL re-checks it on the locked row version, so no delivery is
     * claimed twice.
     */
    static final String CLAIM = """
            WITH heads AS (
                SELECT h.id FROM webhook w
                CROSS JOIN LATERAL (SELECT e.id, e.next_attempt_at, e.lease_until FROM webhook_delivery e
                                    WHERE e.webhook_id = w.id AND e.state = 'PENDING'
                                    ORDER BY e.id LIMIT 1) h
                WHERE w.enabled AND h.next_attempt_at <= now() AND (h.lease_until IS NULL OR h.lease_until < now())
                ORDER BY h.next_attempt_at, h.id
                LIMIT ?),
            due AS (
                SELECT d.id FROM webhook_delivery d
                WHERE d.id IN (SELECT id FROM heads)
                  AND d.state = 'PENDING' AND (d.lease_until IS NULL OR d.lease_until < now())
                FOR UPDATE SKIP LOCKED)
            UPDATE webhook_delivery d
            SET attempts = d.attempts + 1, claim = ?, last_attempt_at = now(),
                lease_until = now() + ? * interval '1 millisecond'
            FROM due, webhook w
            WHERE d.id = due.id AND w.id = d.webhook_id
            RETURNING d.id, d.claim, d.attempts, w.id AS webhook_id, w.name, w.url, w.secret, w.format,
                      d.campaign_id, d.seq, d.kind, d.subject, d.tenant, d.type, d.message, d.at""";

    private static final String LOG_COLUMNS = """
            id, campaign_id, seq, kind, subject, tenant, type, at, state, attempts, last_status, last_error,
            last_attempt_at, next_attempt_at, delivered_at, created_at""";

    private final JdbcClient jdbc;

    Deliveries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Claims due deliveries for one attempt each, leased for {@code lease}; all under one claim id. */
    List<Delivery> claim(int limit, Duration lease) {
        UUID claim = UUID.randomUUID();
        return jdbc.sql(CLAIM).params(limit, claim, lease.toMillis())
                .query((rs, i) -> delivery(rs)).list();
    }

    /** The attempt got a 2xx answer. False when the claim was lost (its lease ran out and another took it). */
    boolean delivered(Delivery d, int status) {
        return jdbc.sql("""
                        UPDATE webhook_delivery SET state = 'DELIVERED', delivered_at = now(), last_status = ?,
                            last_error = NULL, lease_until = NULL, claim = NULL
                        WHERE id = ? AND claim = ?""")
                .params(status, d.id(), d.claim()).update() == 1;
    }

    /** The attempt failed: tried again after {@code retryIn}, or marked FAILED when {@code retryIn} is null. */
    boolean failed(Delivery d, Integer status, String error, Duration retryIn) {
        return jdbc.sql("""
                        UPDATE webhook_delivery SET last_status = ?, last_error = ?, lease_until = NULL, claim = NULL,
                            state = CASE WHEN ?::bigint IS NULL THEN 'FAILED' ELSE 'PENDING' END,
                            next_attempt_at = CASE WHEN ?::bigint IS NULL THEN next_attempt_at
                                                   ELSE now() + ?::bigint * interval '1 millisecond' END
                        WHERE id = ? AND claim = ?""")
                .params(status, truncate(error), millis(retryIn), millis(retryIn), millis(retryIn), d.id(), d.claim())
                .update() == 1;
    }

    /**
     * Hands back deliveries this replica claimed and could not finish (it is stopping): due again at once, by any
     * replica. Their receiver may have had them: at least once.
     */
    int release(List<Delivery> unfinished) {
        if (unfinished.isEmpty()) {
            return 0;
        }
        return jdbc.sql("""
                        UPDATE webhook_delivery SET lease_until = NULL, claim = NULL
                        WHERE state = 'PENDING' AND id = ANY (?::bigint[]) AND claim = ANY (?::uuid[])""")
                .params(unfinished.stream().map(Delivery::id).toArray(Long[]::new),
                        unfinished.stream().map(Delivery::claim).toArray(UUID[]::new))
                .update();
    }

    /** Drops delivered and failed deliveries created before the cutoff, a batch at a time; answers how many. */
    int forget(Duration retention, int batch) {
        return jdbc.sql("""
                        DELETE FROM webhook_delivery WHERE id IN (
                            SELECT id FROM webhook_delivery
                            WHERE state <> 'PENDING' AND created_at < now() - ? * interval '1 millisecond'
                            LIMIT ?)""")
                .params(retention.toMillis(), batch).update();
    }

    /** The hook's delivery log, newest first, before id {@code beforeId}; only one state's when one is given. */
    List<DeliveryView> log(long webhookId, String state, long beforeId, int limit) {
        return jdbc.sql("SELECT " + LOG_COLUMNS + " FROM webhook_delivery WHERE webhook_id = ? AND id < ? "
                        + "AND (?::text IS NULL OR state = ?) ORDER BY id DESC LIMIT ?")
                .params(webhookId, beforeId, state, state, limit).query((rs, i) -> view(rs)).list();
    }

    private static Delivery delivery(ResultSet rs) throws SQLException {
        return new Delivery(rs.getLong("id"), rs.getObject("claim", UUID.class), rs.getInt("attempts"),
                rs.getLong("webhook_id"), rs.getString("name"), rs.getString("url"), rs.getString("secret"),
                rs.getString("format"), rs.getLong("campaign_id"), rs.getLong("seq"), rs.getString("kind"),
                rs.getString("subject"), rs.getString("tenant"), rs.getString("type"), rs.getString("message"),
                rs.getTimestamp("at").toInstant());
    }

    private static DeliveryView view(ResultSet rs) throws SQLException {
        long campaign = rs.getLong("campaign_id");
        long seq = rs.getLong("seq");
        return new DeliveryView(rs.getLong("id"), campaign + "-" + seq, campaign, seq, rs.getString("kind"),
                rs.getString("subject"), rs.getString("tenant"), rs.getString("type"),
                instant(rs.getTimestamp("at")), rs.getString("state"), rs.getInt("attempts"),
                (Integer) rs.getObject("last_status"), rs.getString("last_error"),
                instant(rs.getTimestamp("last_attempt_at")),
                rs.getString("state").equals("PENDING") ? instant(rs.getTimestamp("next_attempt_at")) : null,
                instant(rs.getTimestamp("delivered_at")), instant(rs.getTimestamp("created_at")));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static Long millis(Duration d) {
        return d == null ? null : d.toMillis();
    }

    private static String truncate(String error) {
        return error == null || error.length() <= 500 ? error : error.substring(0, 497) + "...";
    }
}
