package dev.flotilla.meta.rollout;

import dev.flotilla.api.agent.StatusReport;
import dev.flotilla.api.agent.WorkPhase;
import dev.flotilla.meta.agentgateway.AgentCaller;
import dev.flotilla.meta.agentgateway.StatusReceiver;
import dev.flotilla.meta.wave.TargetChange;
import dev.flotilla.meta.wave.TargetReports;
import dev.flotilla.meta.wave.TargetState;
import dev.flotilla.meta.wave.TargetUpdate;
import dev.flotilla.meta.web.FlotillaException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.ObjectMapper;

/**
 * Takes agents' reports on rollout work. A whole batch costs a handful of statements: the ownership check,
 * the idempotency filter (a report counts only for the item's current generation and a newer seq),
 * the target update and the record of which revision each cluster now runs.
 */
@Component
class RolloutStatusReceiver implements StatusReceiver {

    /** A report that passed the idempotency filter, with the item it is about. */
    private record Applied(String workId, long rolloutId, long applicationId, int revision, boolean rollback) {
    }

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final TargetReports targetReports;

    RolloutStatusReceiver(JdbcClient jdbc, ObjectMapper json, TargetReports targetReports) {
        this.jdbc = jdbc;
        this.json = json;
        this.targetReports = targetReports;
    }

    @Override
    public boolean owns(String workId) {
        return workId != null && workId.startsWith(WorkIds.PREFIX);
    }

    @Override
    @Transactional
    public void receive(AgentCaller agent, List<StatusReport> reports) {
        Map<String, StatusReport> latest = StatusReceiver.latestPerItem(reports);
        Map<String, Long> rollouts = new LinkedHashMap<>();
        latest.keySet().forEach(id -> rollouts.put(id, WorkIds.rollout(id).orElseThrow(() -> notYours(agent, id))));
        checkOwnership(agent, rollouts);
        List<Applied> applied = filterNewer(agent, latest.values());
        if (applied.isEmpty()) {
            return;
        }
        List<TargetUpdate> updates = applied.stream()
                .map(a -> update(agent, a, latest.get(a.workId()))).toList();
        record(agent, applied, targetReports.apply(updates));
    }

    /**
     * Every reported rollout must have a target on the agent's own cluster; else nothing is applied. Locks those
     * targets first: the engine also takes targets before work rows, so the two never wait on each other in a cycle.
     */
    private void checkOwnership(AgentCaller agent, Map<String, Long> rollouts) {
        Set<Long> own = targetReports.lockTargets(agent.clusterId(), rollouts.values());
        rollouts.forEach((workId, rollout) -> {
            if (!own.contains(rollout)) {
                throw notYours(agent, workId);
            }
        });
    }

    private List<Applied> filterNewer(AgentCaller agent, java.util.Collection<StatusReport> reports) {
        return jdbc.sql("""
                        UPDATE rollout_work w SET reported_generation = r.generation, reported_seq = r.seq,
                            phase = r.phase, updated_at = now()
                        FROM unnest(?::text[], ?::bigint[], ?::bigint[], ?::text[]) AS r(work_id, generation, seq, phase)
                        WHERE w.cluster_id = ? AND w.work_id = r.work_id AND w.generation = r.generation
                          AND (r.generation, r.seq) > (w.reported_generation, w.reported_seq)
                        RETURNING w.work_id, w.rollout_id, w.application_id, w.revision, w.rollback""")
                .params(reports.stream().map(StatusReport::workId).toArray(String[]::new),
                        reports.stream().map(StatusReport::generation).toArray(Long[]::new),
                        reports.stream().map(StatusReport::seq).toArray(Long[]::new),
                        reports.stream().map(r -> r.phase().name()).toArray(String[]::new),
                        agent.clusterId())
                .query((rs, i) -> new Applied(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getInt(4),
                        rs.getBoolean(5)))
                .list();
    }

    private TargetUpdate update(AgentCaller agent, Applied item, StatusReport report) {
        TargetState state = switch (report.phase()) {
            case APPLYING, BATCH_IN_PROGRESS, BATCH_COMPLETE, PAUSED -> TargetState.IN_PROGRESS;
            case SUCCEEDED -> item.rollback() ? TargetState.ROLLED_BACK : TargetState.SUCCEEDED;
            case FAILED -> TargetState.FAILED;
        };
        return new TargetUpdate(item.rolloutId(), agent.clusterId(), state, report.batch(), report.batches(),
                report.observed() == null ? null : json.writeValueAsString(report.observed()), message(report));
    }

    private static String message(StatusReport report) {
        if (report.message() != null && !report.message().isBlank()) {
            return report.message();
        }
        String batch = report.batch() == null ? "" : " batch " + report.batch() + "/" + report.batches();
        return report.phase() == WorkPhase.PAUSED ? "paused at" + batch : report.phase().name() + batch;
    }

    /** Records the revision each cluster now runs, for targets that succeeded or were rolled back. */
    private void record(AgentCaller agent, List<Applied> applied, List<TargetChange> changes) {
        Map<Long, Applied> byRollout = new LinkedHashMap<>();
        applied.forEach(a -> byRollout.put(a.rolloutId(), a));
        List<Applied> settled = changes.stream()
                .filter(c -> c.to() == TargetState.SUCCEEDED || c.to() == TargetState.ROLLED_BACK)
                .map(c -> byRollout.get(c.campaignId())).toList();
        for (Applied a : settled) {
            jdbc.sql("""
                            INSERT INTO application_cluster (application_id, cluster_id, revision, rollout_id, updated_at)
                            VALUES (?, ?, ?, ?, now())
                            ON CONFLICT (application_id, cluster_id) DO UPDATE SET revision = EXCLUDED.revision,
                                rollout_id = EXCLUDED.rollout_id, updated_at = now()""")
                    .params(a.applicationId(), agent.clusterId(), a.revision(), a.rolloutId()).update();
        }
    }

    private static FlotillaException notYours(AgentCaller agent, String workId) {
        return FlotillaException.forbidden("work item '" + workId + "' is not work of cluster '" + agent.cluster()
                + "'; no report of this batch was applied").with("cluster", agent.cluster());
    }
}
