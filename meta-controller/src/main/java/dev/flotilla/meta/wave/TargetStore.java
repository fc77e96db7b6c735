package dev.flotilla.meta.wave;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Set-based statements over a campaign's targets: one statement per step, whatever the fleet size. */
@Component
class TargetStore implements Targets {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final TargetTallies tallies;

    TargetStore(JdbcClient jdbc, Clock clock, TargetTallies tallies) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.tallies = tallies;
    }

    void insert(long campaignId, WavePlan plan, Map<Long, String> previous, Map<Long, Long> carriers) {
        List<Long> ids = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> regions = new ArrayList<>();
        List<String> zones = new ArrayList<>();
        List<Integer> waves = new ArrayList<>();
        List<String> previousValues = new ArrayList<>();
        List<Long> carrierIds = new ArrayList<>();
        for (WavePlan.PlannedWave wave : plan.waves()) {
            for (WaveUnit unit : wave.units()) {
                ids.add(unit.clusterId());
                names.add(unit.name());
                regions.add(unit.region());
                zones.add(unit.zone());
                waves.add(wave.index());
                previousValues.add(previous.get(unit.clusterId()));
                carrierIds.add(carriers.get(unit.clusterId()));
            }
        }
        jdbc.sql("""
                        INSERT INTO wave_target (campaign_id, cluster_id, cluster_name, region, zone, wave, position,
                            previous, carrier_id, updated_at)
                        SELECT ?, u.cluster_id, u.name, u.region, u.zone, u.wave, u.n, u.previous, u.carrier, ?
                        FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::int[], ?::text[], ?::bigint[])
                            WITH ORDINALITY AS u(cluster_id, name, region, zone, wave, previous, carrier, n)""")
                .params(campaignId, now(), ids.toArray(Long[]::new), names.toArray(String[]::new),
                        regions.toArray(String[]::new), zones.toArray(String[]::new), waves.toArray(Integer[]::new),
                        previousValues.toArray(String[]::new), carrierIds.toArray(Long[]::new))
                .update();
    }

    /**
     * Counts the campaign's targets per wave and state in one statement, and offers the count to the campaign's
     * status ({@link TargetTallies#offer}): the engine's pass and a dashboard read the same rows.
     */
    @Override
    public TargetCounts counts(long campaignId, int currentWave) {
        long countedAt = tallies.stamp();
        List<TargetTallies.Row> rows = TargetTallies.count(jdbc, campaignId);
        tallies.offer(campaignId, rows, countedAt);
        TargetCounts counts = TargetCounts.empty();
        int[] failures = new int[3];
        for (TargetTallies.Row row : rows) {
            counts.all().merge(row.state(), row.count(), Integer::sum);
            if (row.wave() == currentWave) {
                counts.wave().merge(row.state(), row.count(), Integer::sum);
            }
            if (row.state() == TargetState.FAILED) {
                failures[row.rollback() ? 2 : 0] += row.count();
            }
            if (row.rollback() && row.state().inFlight()) {
                failures[1] += row.count();
            }
        }
        return new TargetCounts(counts.all(), counts.wave(), failures[0], failures[1], failures[2]);
    }

    /**
     * Skips the current wave's pending targets whose cluster is cordoned or, with SKIP, whose carrier (the cluster
     * whose agent carries the work: the target's own unless the campaign named another) is not READY.
     */
    @Override
    public List<Moved> skipUnavailable(long campaignId, int wave, boolean notReadyToo) {
        return jdbc.sql("""
                        UPDATE wave_target t SET state = 'SKIPPED', updated_at = ?,
                            message = CASE WHEN c.state = 'CORDONED' OR t.carrier_id IS NULL
                                           THEN 'cluster was ' || c.state || ' when its turn came'
                                           ELSE 'cluster ' || k.name || ' carrying its work was ' || k.state
                                                || ' when its turn came' END
                        FROM cluster c, cluster k
                        WHERE t.campaign_id = ? AND t.wave = ? AND t.state = 'PENDING' AND c.id = t.cluster_id
                          AND k.id = COALESCE(t.carrier_id, t.cluster_id)
                          AND (c.state = 'CORDONED' OR (? AND k.state <> 'READY'))
                        RETURNING t.cluster_id, t.cluster_name""")
                .params(now(), campaignId, wave, notReadyToo)
                .query((rs, i) -> new Moved(rs.getLong(1), rs.getString(2))).list();
    }

    /**
     * The wave's next pending targets after {@code afterPosition} whose carrier is READY, in plan order, and the
     * position of its first pending target after {@code afterPosition} whatever its carrier's state: one statement
     * that always answers a row (the first pending position's, alone when no candidate is READY); both read the
     * plan-order index from {@code afterPosition} on, the minimum as a probe or as a read of the rows after it, as
     * the planner weighs the state's statistics; neither reads a row before it.
     */
    @Override
    public Candidates candidates(long campaignId, int wave, int afterPosition, int limit) {
        List<Candidate> ready = new ArrayList<>();
        int[] firstPending = {Integer.MAX_VALUE};
        jdbc.sql("""
                        SELECT f.first, p.cluster_id, p.position
                        FROM (SELECT min(position) AS first FROM wave_target
                              WHERE campaign_id = ? AND wave = ? AND state = 'PENDING' AND position > ?) f
                        LEFT JOIN LATERAL (
                            SELECT p.cluster_id, p.position FROM wave_target p
                            JOIN cluster c ON c.id = COALESCE(p.carrier_id, p.cluster_id)
                            WHERE p.campaign_id = ? AND p.wave = ? AND p.state = 'PENDING' AND p.position > ?
                              AND c.state = 'READY'
                            ORDER BY p.position LIMIT ?) p ON true
                        ORDER BY p.position""")
                .params(campaignId, wave, afterPosition, campaignId, wave, afterPosition, limit)
                .query(rs -> {
                    int first = rs.getInt(1);
                    if (!rs.wasNull()) {
                        firstPending[0] = first;
                    }
                    long clusterId = rs.getLong(2);
                    if (!rs.wasNull()) {
                        ready.add(new Candidate(clusterId, rs.getInt(3)));
                    }
                });
        return new Candidates(ready, firstPending[0]);
    }

    /** Moves these pending targets to DISPATCHED. */
    @Override
    public List<Moved> dispatch(long campaignId, List<Long> clusterIds) {
        if (clusterIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        UPDATE wave_target t SET state = 'DISPATCHED', message = NULL, updated_at = ?
                        WHERE t.campaign_id = ? AND t.cluster_id = ANY(?) AND t.state = 'PENDING'
                        RETURNING t.cluster_id, t.cluster_name""")
                .params(now(), campaignId, clusterIds.toArray(Long[]::new))
                .query((rs, i) -> new Moved(rs.getLong(1), rs.getString(2))).list();
    }

    /** Notes why pending targets wait; rows whose message already says so are left alone. */
    @Override
    public void noteWaiting(long campaignId, Map<Long, String> why) {
        if (why.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        UPDATE wave_target t SET message = w.message, updated_at = ?
                        FROM unnest(?::bigint[], ?::text[]) AS w(cluster_id, message)
                        WHERE t.campaign_id = ? AND t.cluster_id = w.cluster_id AND t.state = 'PENDING'
                          AND t.message IS DISTINCT FROM w.message""")
                .params(now(), why.keySet().toArray(Long[]::new), why.values().toArray(String[]::new), campaignId)
                .update();
    }

    @Override
    public List<Long> inFlight(long campaignId) {
        return jdbc.sql("""
                        SELECT cluster_id FROM wave_target
                        WHERE campaign_id = ? AND state IN ('DISPATCHED', 'IN_PROGRESS') ORDER BY cluster_id""")
                .param(campaignId).query(Long.class).list();
    }

    /** Re-dispatches every touched target to return it to what it ran before. */
    @Override
    public List<RollingBack> beginRollback(long campaignId, String message) {
        return jdbc.sql("""
                        UPDATE wave_target SET state = 'DISPATCHED', rollback = true, message = ?, updated_at = ?
                        WHERE campaign_id = ? AND NOT rollback
                          AND state IN ('DISPATCHED', 'IN_PROGRESS', 'SUCCEEDED', 'FAILED', 'ABORTED')
                        RETURNING cluster_id, cluster_name, previous""")
                .params(message, now(), campaignId)
                .query((rs, i) -> new RollingBack(rs.getLong(1), rs.getString(2), rs.getString(3))).list();
    }

    @Override
    public int queueRollback(long campaignId, String message) {
        return jdbc.sql("""
                        UPDATE wave_target SET state = 'ROLLBACK_PENDING', rollback = true, message = ?, updated_at = ?
                        WHERE campaign_id = ? AND NOT rollback AND state IN ('SUCCEEDED', 'FAILED')""")
                .params(message, now(), campaignId).update();
    }

    @Override
    public List<RollingBack> dispatchRollback(long campaignId, int limit, String message) {
        return jdbc.sql("""
                        UPDATE wave_target t SET state = 'DISPATCHED', message = ?, updated_at = ?
                        FROM (SELECT cluster_id FROM wave_target
                              WHERE campaign_id = ? AND state = 'ROLLBACK_PENDING'
                              ORDER BY position LIMIT ?) q
                        WHERE t.campaign_id = ? AND t.cluster_id = q.cluster_id
                        RETURNING t.cluster_id, t.cluster_name, t.previous""")
                .params(message, now(), campaignId, limit, campaignId)
                .query((rs, i) -> new RollingBack(rs.getLong(1), rs.getString(2), rs.getString(3))).list();
    }

    @Override
    public List<Moved> rolledBack(long campaignId, List<Long> clusterIds, String message) {
        return jdbc.sql("""
                        UPDATE wave_target SET state = 'ROLLED_BACK', message = ?, updated_at = ?
                        WHERE campaign_id = ? AND cluster_id = ANY(?)
                        RETURNING cluster_id, cluster_name""")
                .params(message, now(), campaignId, clusterIds.toArray(Long[]::new))
                .query((rs, i) -> new Moved(rs.getLong(1), rs.getString(2))).list();
    }

    @Override
    public List<Long> skipPending(long campaignId, String message) {
        return jdbc.sql("""
                        UPDATE wave_target SET state = 'SKIPPED', message = ?, updated_at = ?
                        WHERE campaign_id = ? AND state = 'PENDING' RETURNING cluster_id""")
                .params(message, now(), campaignId).query(Long.class).list();
    }

    /**
     * Applies what the kinds learned about targets in one statement; a state moves only where the target's state
     * machine allows it. Answers the targets whose state moved.
     */
    @Override
    public List<TargetChange> apply(List<TargetUpdate> updates) {
        if (updates.isEmpty()) {
            return List.of();
        }
        return update(updates);
    }

    private List<TargetChange> update(List<TargetUpdate> updates) {
        return jdbc.sql("""
                        WITH r AS (
                            SELECT * FROM unnest(?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::int[], ?::int[],
                                ?::text[], ?::text[], ?::text[])
                                AS r(campaign_id, cluster_id, state, allowed, batch, batches, observed, message,
                                     resources)
                        ), old AS (
                            SELECT t.campaign_id, t.cluster_id, t.state FROM wave_target t
                            JOIN r ON r.campaign_id = t.campaign_id AND r.cluster_id = t.cluster_id
                        )
                        UPDATE wave_target t SET
                            state = CASE WHEN t.state = ANY(string_to_array(r.allowed, ',')) THEN r.state
                                         ELSE t.state END,
                            batch = COALESCE(r.batch, t.batch), batches = COALESCE(r.batches, t.batches),
                            observed = COALESCE(r.observed::jsonb, t.observed), message = r.message,
                            -- per-resource standing: kept (not rewritten) unless reported and different
                            resources = CASE WHEN r.resources IS NULL OR t.resources = r.resources::jsonb
                                             THEN t.resources ELSE r.resources::jsonb END,
                            updated_at = ?
                        FROM r JOIN old ON old.campaign_id = r.campaign_id AND old.cluster_id = r.cluster_id
                        WHERE t.campaign_id = r.campaign_id AND t.cluster_id = r.cluster_id
                        RETURNING t.campaign_id, t.cluster_id, t.cluster_name, old.state, t.state""")
                .params(updates.stream().map(TargetUpdate::campaignId).toArray(Long[]::new),
                        updates.stream().map(TargetUpdate::clusterId).toArray(Long[]::new),
                        updates.stream().map(u -> u.state().name()).toArray(String[]::new),
                        updates.stream().map(u -> allowed(u.state())).toArray(String[]::new),
                        updates.stream().map(TargetUpdate::batch).toArray(Integer[]::new),
                        updates.stream().map(TargetUpdate::batches).toArray(Integer[]::new),
                        updates.stream().map(TargetUpdate::observedJson).toArray(String[]::new),
                        updates.stream().map(TargetUpdate::message).toArray(String[]::new),
                        updates.stream().map(TargetUpdate::resourcesJson).toArray(String[]::new),
                        now())
                .query((rs, i) -> new TargetChange(rs.getLong(1), rs.getLong(2), rs.getString(3),
                        TargetState.valueOf(rs.getString(4)), TargetState.valueOf(rs.getString(5))))
                .list().stream().filter(c -> c.from() != c.to()).toList();
    }

    private static String allowed(TargetState to) {
        return to.allowedFrom().stream().filter(s -> s != to).map(Enum::name).collect(Collectors.joining(","));
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }
}
