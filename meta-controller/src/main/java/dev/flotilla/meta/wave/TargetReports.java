package dev.flotilla.meta.wave;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies what agents report to campaign targets, a whole batch in one statement, and wakes the engine for
 * the campaigns whose targets moved. Reports never take the campaign row (an engine pass may hold it): callers
 * lock the reported targets first ({@link #lockTargets}), then their own work rows, in the engine's order.
 */
@Service
public class TargetReports {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final CampaignEvents events;
    private final WaveEngine engine;

    TargetReports(JdbcClient jdbc, Clock clock, CampaignEvents events, WaveEngine engine) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.events = events;
        this.engine = engine;
    }

    /**
     * Locks the cluster's targets in these campaigns (in campaign order) and answers the campaigns where the
     * cluster is a target: the others are not this cluster's work.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Set<Long> lockTargets(long clusterId, Collection<Long> campaignIds) {
        return new HashSet<>(jdbc.sql("""
                        SELECT campaign_id FROM wave_target WHERE cluster_id = ? AND campaign_id = ANY(?)
                        ORDER BY campaign_id FOR UPDATE""")
                .params(clusterId, campaignIds.stream().distinct().toArray(Long[]::new))
                .query(Long.class).list());
    }

    /** A target by its campaign and cluster. */
    public record TargetKey(long campaignId, long clusterId) {
    }

    /**
     * Locks these targets (in campaign, cluster order) when the reporting agent is not the target's own (it carries
     * the work of other clusters); answers the keys that exist.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Set<TargetKey> lockTargets(Collection<TargetKey> keys) {
        List<TargetKey> distinct = keys.stream().distinct().toList();
        return new HashSet<>(jdbc.sql("""
                        SELECT t.campaign_id, t.cluster_id FROM wave_target t
                        JOIN unnest(?::bigint[], ?::bigint[]) AS k(campaign_id, cluster_id)
                          ON k.campaign_id = t.campaign_id AND k.cluster_id = t.cluster_id
                        ORDER BY t.campaign_id, t.cluster_id FOR UPDATE OF t""")
                .params(distinct.stream().map(TargetKey::campaignId).toArray(Long[]::new),
                        distinct.stream().map(TargetKey::clusterId).toArray(Long[]::new))
                .query((rs, i) -> new TargetKey(rs.getLong(1), rs.getLong(2))).list());
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public List<TargetChange> apply(List<TargetUpdate> updates) {
        if (updates.isEmpty()) {
            return List.of();
        }
        List<TargetChange> changes = update(updates);
        Map<Long, List<CampaignEvent.New>> news = new LinkedHashMap<>();
        Map<String, String> messages = updates.stream().filter(u -> u.message() != null)
                .collect(Collectors.toMap(u -> u.campaignId() + "/" + u.clusterId(), TargetUpdate::message,
                        (a, b) -> b));
        for (TargetChange change : changes) {
            String message = messages.getOrDefault(change.campaignId() + "/" + change.clusterId(),
                    change.from() + " -> " + change.to());
            news.computeIfAbsent(change.campaignId(), id -> new ArrayList<>())
                    .add(new CampaignEvent.New("TARGET_" + change.to(), message, change.cluster()));
        }
        news.forEach(events::append);
        updates.stream().map(TargetUpdate::campaignId).distinct().forEach(engine::wakeAfterCommit);
        return changes;
    }

    /**
     * Records what a target now runs as the value it would return to, for work that lands in stages (an upgrade
     * finishing a hop); the target must be locked by the caller.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void setPrevious(long campaignId, long clusterId, String previous) {
        jdbc.sql("UPDATE wave_target SET previous = ?, updated_at = ? WHERE campaign_id = ? AND cluster_id = ?")
                .params(previous, Timestamp.from(clock.instant()), campaignId, clusterId).update();
    }

    private List<TargetChange> update(List<TargetUpdate> updates) {
        return jdbc.sql("""
                        WITH r AS (
                            SELECT * FROM unnest(?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::int[], ?::int[],
                                ?::text[], ?::text[])
                                AS r(campaign_id, cluster_id, state, allowed, batch, batches, observed, message)
                        ), old AS (
                            SELECT t.campaign_id, t.cluster_id, t.state FROM wave_target t
                            JOIN r ON r.campaign_id = t.campaign_id AND r.cluster_id = t.cluster_id
                        )
                        UPDATE wave_target t SET
                            state = CASE WHEN t.state = ANY(string_to_array(r.allowed, ',')) THEN r.state
                                         ELSE t.state END,
                            batch = COALESCE(r.batch, t.batch), batches = COALESCE(r.batches, t.batches),
                            observed = COALESCE(r.observed::jsonb, t.observed), message = r.message, updated_at = ?
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
                        Timestamp.from(clock.instant()))
                .query((rs, i) -> new TargetChange(rs.getLong(1), rs.getLong(2), rs.getString(3),
                        TargetState.valueOf(rs.getString(4)), TargetState.valueOf(rs.getString(5))))
                .list().stream().filter(c -> c.from() != c.to()).toList();
    }

    private static String allowed(TargetState to) {
        return to.allowedFrom().stream().filter(s -> s != to).map(Enum::name).collect(Collectors.joining(","));
    }
}
