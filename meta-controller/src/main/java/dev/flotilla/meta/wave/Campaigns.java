package dev.flotilla.meta.wave;

import dev.flotilla.meta.web.FlotillaException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Creates campaigns and answers their status, targets and history. */
@Service
public class Campaigns {

    private final JdbcClient jdbc;
    private final CampaignStore campaigns;
    private final TargetStore targets;
    private final CampaignEvents events;
    private final WaveEngine engine;
    private final CampaignMoves moves;
    private final AnalysisGate analysis;
    private final TargetTallies tallies;
    private final Clock clock;

    Campaigns(JdbcClient jdbc, CampaignStore campaigns, TargetStore targets, CampaignEvents events,
            WaveEngine engine, CampaignMoves moves, AnalysisGate analysis, TargetTallies tallies, Clock clock) {
        this.jdbc = jdbc;
        this.campaigns = campaigns;
        this.targets = targets;
        this.events = events;
        this.engine = engine;
        this.moves = moves;
        this.analysis = analysis;
        this.tallies = tallies;
        this.clock = clock;
    }

    /**
     * Creates a campaign with its targets in the caller's transaction; the engine starts it after commit.
     * A second active campaign on the same subject is a conflict, also when two race (a partial unique index).
     *
     * @param previous per cluster id, what it ran before (kept for rollback)
     * @param carriers per target cluster id, the cluster whose agent carries its work (absent: its own); the
     *                 engine dispatches a target only while its carrier is READY
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public long create(NewCampaign campaign, WavePlan plan, CampaignSettings settings, Map<Long, String> previous,
            Map<Long, Long> carriers) {
        analysis.validate(settings.analysis());
        Optional<Long> active = jdbc.sql("""
                        SELECT id FROM wave_campaign WHERE kind = ? AND subject = ?
                          AND state IN ('RUNNING', 'WAITING_APPROVAL', 'PAUSED', 'ROLLING_BACK')""")
                .params(campaign.kind(), campaign.subject()).query(Long.class).optional();
        if (active.isPresent()) {
            throw activeConflict(campaign.kind(), campaign.subject(), active.get());
        }
        long id;
        try {
            id = campaigns.insert(campaign, plan, settings);
        } catch (DuplicateKeyException e) {
            throw activeConflict(campaign.kind(), campaign.subject(), null);
        }
        targets.insert(id, plan, previous, carriers);
        events.start(id);
        events.append(id, CampaignEvent.New.of("CREATED", campaign.description()));
        engine.wakeAfterCommit(id);
        return id;
    }

    /** The campaign's state, if it exists. */
    @Transactional(readOnly = true)
    public Optional<CampaignState> state(long id) {
        return jdbc.sql("SELECT state FROM wave_campaign WHERE id = ?").param(id).query(String.class).optional()
                .map(CampaignState::valueOf);
    }

    @Transactional(readOnly = true)
    public Optional<CampaignView> view(long id) {
        return campaigns.find(id).map(this::view);
    }

    /**
     * Whether the campaign reached a state it never leaves: SUCCEEDED, ROLLED_BACK, FAILED, and ABORTED when its
     * kind of work cannot roll back (an aborted rollout may still be rolled back; an aborted upgrade may not).
     */
    @Transactional(readOnly = true)
    public boolean settled(long id) {
        return campaigns.find(id).map(c -> !c.state().active() && (c.state() != CampaignState.ABORTED
                || moves.work(c).rollbackRefusal().isPresent())).orElse(true);
    }

    @Transactional(readOnly = true)
    public List<CampaignEvent> events(long id, long afterSeq, int limit) {
        return events.after(id, afterSeq, limit);
    }

    /** Targets by cluster name after {@code afterName}, optionally filtered. */
    @Transactional(readOnly = true)
    public List<TargetRow> targets(long id, TargetState state, Integer wave, String zone, String afterName,
            int limit) {
        StringBuilder sql = new StringBuilder("""
                SELECT cluster_id, cluster_name, region, zone, wave, state, rollback, previous, batch, batches,
                       observed, message, updated_at, resources
                FROM wave_target WHERE campaign_id = ? AND cluster_name > ?""");
        List<Object> params = new ArrayList<>(List.of(id, afterName == null ? "" : afterName));
        if (state != null) {
            sql.append(" AND state = ?");
            params.add(state.name());
        }
        if (wave != null) {
            sql.append(" AND wave = ?");
            params.add(wave);
        }
        if (zone != null) {
            sql.append(" AND zone = ?");
            params.add(zone);
        }
        sql.append(" ORDER BY cluster_name LIMIT ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params)
                .query((rs, i) -> new TargetRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getInt(5), TargetState.valueOf(rs.getString(6)), rs.getBoolean(7), rs.getString(8),
                        (Integer) rs.getObject(9), (Integer) rs.getObject(10), rs.getString(11), rs.getString(12),
                        rs.getTimestamp(13).toInstant(), rs.getString(14)))
                .list();
    }

    CampaignView view(CampaignRow c) {
        List<Map<TargetState, Integer>> perWave = new ArrayList<>();
        c.waves().forEach(w -> perWave.add(zeroCounts()));
        Map<TargetState, Integer> all = zeroCounts();
        int failures = 0;
        for (TargetTallies.Row row : tallies.rows(c)) {
            perWave.get(row.wave()).merge(row.state(), row.count(), Integer::sum);
            all.merge(row.state(), row.count(), Integer::sum);
            if (row.state() == TargetState.FAILED && !row.rollback()) {
                failures += row.count();
            }
        }
        List<CampaignView.WaveView> waves = c.waves().stream().map(w -> new CampaignView.WaveView(w.index(),
                w.name(), w.size(), perWave.get(w.index()), waveState(c, w.index(), perWave.get(w.index()))))
                .toList();
        return new CampaignView(c.id(), c.state(), c.currentWave(), waves, all, c.targetCount(), failures,
                c.maxFailures(), c.maxConcurrency(), c.onFailure(), c.unreachable(), c.soakSeconds(), c.soakUntil(),
                c.approvalWaves(), c.message(), c.createdAt(), c.startedAt(), c.finishedAt());
    }

    private String waveState(CampaignRow c, int index, Map<TargetState, Integer> counts) {
        if (index > c.currentWave()) {
            return c.state() == CampaignState.WAITING_APPROVAL && index == c.currentWave() + 1
                    ? "WAITING_APPROVAL" : "PENDING";
        }
        boolean open = counts.get(TargetState.PENDING) + counts.get(TargetState.DISPATCHED)
                + counts.get(TargetState.IN_PROGRESS) > 0;
        if (open) {
            return "RUNNING";
        }
        Instant now = clock.instant();
        return index == c.currentWave() && c.soakUntil() != null && now.isBefore(c.soakUntil())
                ? "SOAKING" : "COMPLETE";
    }

    private static Map<TargetState, Integer> zeroCounts() {
        Map<TargetState, Integer> counts = new EnumMap<>(TargetState.class);
        for (TargetState s : TargetState.values()) {
            counts.put(s, 0);
        }
        return counts;
    }

    private static FlotillaException activeConflict(String kind, String subject, Long activeId) {
        String what = kind.toLowerCase(java.util.Locale.ROOT);
        FlotillaException e = FlotillaException.conflict("'" + subject + "' already has an active " + what
                + (activeId == null ? "" : " (" + activeId + ")") + "; finish, abort or roll it back first");
        return activeId == null ? e : e.with(what, activeId);
    }
}
