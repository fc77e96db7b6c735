package dev.flotilla.meta.analysis;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The analysis tables: one run per campaign wave, and its measurements. The analysis package alone writes them. */
@Repository
class AnalysisRuns {

    static final String RUNNING = "RUNNING";

    record Run(long campaignId, int wave, String verdict, int rounds, int passAtRound, int failures,
            int inconclusive, int announcedRound, Instant nextAt, Instant startedAt, Instant finishedAt,
            String message) {
    }

    /** A run claimed for its next round, with what the round needs to know. */
    record Due(long campaignId, int wave, int rounds, int passAtRound, int failures, int inconclusive,
            String analysis, String kind, String subject) {
    }

    /** One measurement as stored. */
    record Row(int round, String metric, String cluster, Instant at, Double value, String verdict, String message) {
    }

    private static final String COLUMNS = "campaign_id, wave, verdict, rounds, pass_at_round, failures, inconclusive,"
            + " announced_round, next_at, started_at, finished_at, message";

    private final JdbcClient jdbc;

    AnalysisRuns(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Run> find(long campaignId, int wave) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM analysis_run WHERE campaign_id = ? AND wave = ?")
                .params(campaignId, wave).query(AnalysisRuns::run).optional();
    }

    List<Run> all(long campaignId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM analysis_run WHERE campaign_id = ? ORDER BY wave")
                .param(campaignId).query(AnalysisRuns::run).list();
    }

    /** Starts the wave's run (once: a second start finds the first); its first round is due at {@code firstAt}. */
    Run start(long campaignId, int wave, int count, Instant now, Instant firstAt) {
        jdbc.sql("""
                        INSERT INTO analysis_run (campaign_id, wave, pass_at_round, next_at, started_at)
                        VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                .params(campaignId, wave, count, ts(firstAt), ts(now)).update();
        return find(campaignId, wave).orElseThrow();
    }

    /** Measures a stopped run again: the verdict is cleared and {@code count} more rounds decide. */
    void restart(long campaignId, int wave, int count, Instant firstAt) {
        jdbc.sql("""
                        UPDATE analysis_run SET verdict = 'RUNNING', pass_at_round = rounds + ?, failures = 0,
                            inconclusive = 0, next_at = ?, finished_at = NULL, message = NULL
                        WHERE campaign_id = ? AND wave = ? AND verdict IN ('FAILED', 'INCONCLUSIVE')""")
                .params(count, ts(firstAt), campaignId, wave).update();
    }

    /**
     * Claims up to {@code limit} runs whose round is due, of campaigns that are RUNNING, by moving their next round
     * one interval on: another replica's runner passes them over, and a claim lost with its replica is measured again
     * at the next interval.
     */
    List<Due> claimDue(Instant now, int limit) {
        return jdbc.sql("""
                        WITH due AS (
                            SELECT r.campaign_id, r.wave FROM analysis_run r
                            JOIN wave_campaign c ON c.id = r.campaign_id
                            WHERE r.verdict = 'RUNNING' AND r.next_at <= ? AND c.state = 'RUNNING'
                            ORDER BY r.next_at LIMIT ? FOR UPDATE OF r SKIP LOCKED)
                        UPDATE analysis_run r SET next_at = ?::timestamptz + make_interval(secs =>
                                coalesce((c.analysis->>'intervalSeconds')::int, 10))
                        FROM due, wave_campaign c
                        WHERE r.campaign_id = due.campaign_id AND r.wave = due.wave AND c.id = r.campaign_id
                        RETURNING r.campaign_id, r.wave, r.rounds, r.pass_at_round, r.failures, r.inconclusive,
                            c.analysis::text AS analysis, c.kind, c.subject""")
                .params(ts(now), limit, ts(now))
                .query((rs, n) -> new Due(rs.getLong("campaign_id"), rs.getInt("wave"), rs.getInt("rounds"),
                        rs.getInt("pass_at_round"), rs.getInt("failures"), rs.getInt("inconclusive"),
                        rs.getString("analysis"), rs.getString("kind"), rs.getString("subject")))
                .list();
    }

    /**
     * Records round {@code due.rounds + 1} with its verdict, unless another runner recorded it first (the run moved
     * on) or the run was decided meanwhile; answers whether it was recorded.
     */
    boolean record(Due due, List<Row> rows, int failures, int inconclusive, String verdict, String message,
            Instant now) {
        int updated = jdbc.sql("""
                        UPDATE analysis_run SET rounds = rounds + 1, failures = ?, inconclusive = ?, verdict = ?,
                            message = ?, finished_at = CASE WHEN ? = 'RUNNING' THEN NULL ELSE ?::timestamptz END
                        WHERE campaign_id = ? AND wave = ? AND rounds = ? AND verdict = 'RUNNING'""")
                .params(failures, inconclusive, verdict, message, verdict, ts(now), due.campaignId(), due.wave(),
                        due.rounds()).update();
        if (updated == 0) {
            return false;
        }
        for (Row row : rows) {
            jdbc.sql("""
                            INSERT INTO analysis_measurement (campaign_id, wave, round, metric, cluster_name, at, value,
                                verdict, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(due.campaignId(), due.wave(), row.round(), row.metric(), row.cluster(), ts(row.at()),
                            row.value(), row.verdict(), row.message()).update();
        }
        return true;
    }

    /** The rounds after the last one told of, up to {@code upTo}, one line each; they count as told from now. */
    List<String> announce(long campaignId, int wave, int from, int upTo) {
        Map<Integer, List<String>> lines = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT round, metric, cluster_name, at, value, verdict, message FROM analysis_measurement
                        WHERE campaign_id = ? AND wave = ? AND round > ? AND round <= ?
                        ORDER BY round, metric, cluster_name NULLS FIRST""")
                .params(campaignId, wave, from, upTo).query(AnalysisRuns::row).list()
                .forEach(r -> lines.computeIfAbsent(r.round(), k -> new ArrayList<>()).add(r.metric()
                        + (r.cluster() == null ? "" : "@" + r.cluster()) + " " + r.verdict()
                        + " (" + r.message() + ")"));
        jdbc.sql("UPDATE analysis_run SET announced_round = ? WHERE campaign_id = ? AND wave = ?")
                .params(upTo, campaignId, wave).update();
        List<String> out = new ArrayList<>();
        lines.forEach((round, parts) -> out.add("wave " + wave + " analysis round " + round + ": "
                + String.join("; ", parts)));
        return out;
    }

    /**
     * The wave's succeeded targets (by cluster id) whose CLUSTER-scoped measurements since round {@code after}
     * failed more than {@code tolerated} times, with the last failure's message.
     */
    Map<Long, String> failingClusters(long campaignId, int wave, int after, int tolerated) {
        Map<Long, String> failing = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT t.cluster_id, m.metric, (array_agg(m.message ORDER BY m.round DESC))[1] AS message,
                            count(*) AS failed
                        FROM analysis_measurement m
                        JOIN wave_target t ON t.campaign_id = m.campaign_id AND t.cluster_name = m.cluster_name
                        WHERE m.campaign_id = ? AND m.wave = ? AND m.round > ? AND m.verdict = 'FAILED'
                          AND m.cluster_name IS NOT NULL AND t.state = 'SUCCEEDED'
                        GROUP BY t.cluster_id, m.metric HAVING count(*) > ?
                        ORDER BY t.cluster_id""")
                .params(campaignId, wave, after, tolerated)
                .query(rs -> {
                    failing.putIfAbsent(rs.getLong("cluster_id"), rs.getString("metric") + " failed "
                            + rs.getLong("failed") + " times: " + rs.getString("message"));
                });
        return failing;
    }

    List<Row> measurements(long campaignId, int wave) {
        return jdbc.sql("""
                        SELECT round, metric, cluster_name, at, value, verdict, message FROM analysis_measurement
                        WHERE campaign_id = ? AND wave = ? ORDER BY round, metric, cluster_name NULLS FIRST""")
                .params(campaignId, wave).query(AnalysisRuns::row).list();
    }

    Optional<String> spec(long campaignId) {
        return jdbc.sql("SELECT analysis::text FROM wave_campaign WHERE id = ?").param(campaignId)
                .query((rs, n) -> Optional.ofNullable(rs.getString(1))).optional().flatMap(o -> o);
    }

    List<String> waveClusters(long campaignId, int wave) {
        return jdbc.sql("SELECT cluster_name FROM wave_target WHERE campaign_id = ? AND wave = ? ORDER BY position")
                .params(campaignId, wave).query(String.class).list();
    }

    Optional<Integer> rolloutRevision(long campaignId) {
        return jdbc.sql("SELECT revision FROM rollout WHERE id = ?").param(campaignId).query(Integer.class)
                .optional();
    }

    private static Run run(ResultSet rs, int n) throws SQLException {
        return new Run(rs.getLong("campaign_id"), rs.getInt("wave"), rs.getString("verdict"), rs.getInt("rounds"),
                rs.getInt("pass_at_round"), rs.getInt("failures"), rs.getInt("inconclusive"),
                rs.getInt("announced_round"), instant(rs, "next_at"), instant(rs, "started_at"),
                instant(rs, "finished_at"), rs.getString("message"));
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        double value = rs.getDouble("value");
        return new Row(rs.getInt("round"), rs.getString("metric"), rs.getString("cluster_name"), instant(rs, "at"),
                rs.wasNull() ? null : value, rs.getString("verdict"), rs.getString("message"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }
}
