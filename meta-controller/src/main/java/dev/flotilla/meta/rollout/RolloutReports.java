package dev.flotilla.meta.rollout;

import dev.flotilla.api.agent.StatusReport;
import dev.flotilla.api.agent.WorkPhase;
import dev.flotilla.meta.agentgateway.ItemReport;
import dev.flotilla.meta.agentgateway.WorkItems;
import dev.flotilla.meta.agentgateway.WorkOwner;
import dev.flotilla.meta.wave.TargetChange;
import dev.flotilla.meta.wave.TargetLocks;
import dev.flotilla.meta.wave.TargetReports;
import dev.flotilla.meta.wave.TargetState;
import dev.flotilla.meta.wave.TargetUpdate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * What a finished rollout target means: the agent's phase moves the target (SUCCEEDED, or ROLLED_BACK for a
 * rollback), and the revision each settled cluster now runs is recorded in {@code application_cluster}; a settled
 * uninstall removes that record and the item (the agent has nothing left to run). The per-resource standing of a
 * bundle item is kept with the target when the report carries it.
 */
@Component
class RolloutReports implements WorkOwner {

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final TargetReports targets;
    private final TargetLocks locks;
    private final WorkItems items;

    RolloutReports(JdbcClient jdbc, ObjectMapper json, TargetReports targets, TargetLocks locks, WorkItems items) {
        this.jdbc = jdbc;
        this.json = json;
        this.targets = targets;
        this.locks = locks;
        this.items = items;
    }

    @Override
    public String kind() {
        return RolloutWork.KIND;
    }

    @Override
    public String workIdPrefix() {
        return WorkIds.PREFIX;
    }

    /** A late report is one on a rollout the cluster is a target of. */
    @Override
    public boolean carried(long carrierId, String workId) {
        return WorkIds.rollout(workId).stream().anyMatch(rollout -> locks.carries(carrierId, rollout, carrierId));
    }

    @Override
    public void reported(List<ItemReport> reports) {
        List<TargetUpdate> updates = reports.stream().map(this::update).toList();
        List<TargetChange> changes = targets.apply(updates);
        record(reports, changes);
        uninstalled(reports, changes);
    }

    private TargetUpdate update(ItemReport item) {
        StatusReport report = item.report();
        TargetState state = switch (report.phase()) {
            case APPLYING, BATCH_IN_PROGRESS, BATCH_COMPLETE, PAUSED -> TargetState.IN_PROGRESS;
            case SUCCEEDED -> item.rollback() ? TargetState.ROLLED_BACK : TargetState.SUCCEEDED;
            case FAILED -> TargetState.FAILED;
        };
        return new TargetUpdate(item.item().campaignId(), item.item().clusterId(), state, report.batch(),
                report.batches(), report.observed() == null ? null : json.writeValueAsString(report.observed()),
                message(report), report.resources() == null ? null : json.writeValueAsString(report.resources()));
    }

    private static String message(StatusReport report) {
        if (report.message() != null && !report.message().isBlank()) {
            return report.message();
        }
        String batch = report.batch() == null ? "" : " batch " + report.batch() + "/" + report.batches();
        return report.phase() == WorkPhase.PAUSED ? "paused at" + batch : report.phase().name() + batch;
    }

    /**
     * Records the revision each cluster now runs, for targets that succeeded or were rolled back: one statement for
     * the whole batch (the newest rollout wins where one batch settles two of the same application on a cluster).
     */
    private void record(List<ItemReport> reports, List<TargetChange> changes) {
        Map<String, ItemReport> byTarget = new HashMap<>();
        reports.forEach(r -> byTarget.put(r.item().campaignId() + "/" + r.item().clusterId(), r));
        Map<String, long[]> rows = new java.util.LinkedHashMap<>();
        for (TargetChange c : changes) {
            if (c.to() != TargetState.SUCCEEDED && c.to() != TargetState.ROLLED_BACK) {
                continue;
            }
            ItemReport r = byTarget.get(c.campaignId() + "/" + c.clusterId());
            if (uninstall(r)) {
                continue; // see uninstalled
            }
            long application = r.number("applicationId");
            long[] row = {application, c.clusterId(), r.number("revision"), c.campaignId()};
            rows.merge(application + "/" + c.clusterId(), row, (a, b) -> a[3] >= b[3] ? a : b);
        }
        if (rows.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        INSERT INTO application_cluster (application_id, cluster_id, revision, rollout_id, updated_at)
                        SELECT r.application_id, r.cluster_id, r.revision, r.rollout_id, now()
                        FROM unnest(?::bigint[], ?::bigint[], ?::int[], ?::bigint[])
                            AS r(application_id, cluster_id, revision, rollout_id)
                        ON CONFLICT (application_id, cluster_id) DO UPDATE SET revision = EXCLUDED.revision,
                            rollout_id = EXCLUDED.rollout_id, updated_at = now()""")
                .params(rows.values().stream().map(r -> r[0]).toArray(Long[]::new),
                        rows.values().stream().map(r -> r[1]).toArray(Long[]::new),
                        rows.values().stream().map(r -> (int) r[2]).toArray(Integer[]::new),
                        rows.values().stream().map(r -> r[3]).toArray(Long[]::new))
                .update();
    }

    /**
     * A settled uninstall (or a rollback to nothing): the cluster runs no revision of the application any more, and
     * the item leaves its list (the agent has nothing left to converge on).
     */
    private void uninstalled(List<ItemReport> reports, List<TargetChange> changes) {
        Map<String, ItemReport> byTarget = new HashMap<>();
        reports.stream().filter(RolloutReports::uninstall)
                .forEach(r -> byTarget.put(r.item().campaignId() + "/" + r.item().clusterId(), r));
        if (byTarget.isEmpty()) {
            return;
        }
        for (TargetChange c : changes) {
            ItemReport r = byTarget.get(c.campaignId() + "/" + c.clusterId());
            if (r == null || (c.to() != TargetState.SUCCEEDED && c.to() != TargetState.ROLLED_BACK)) {
                continue;
            }
            jdbc.sql("DELETE FROM application_cluster WHERE application_id = ? AND cluster_id = ?")
                    .params(r.number("applicationId"), c.clusterId()).update();
            items.remove(RolloutWork.KIND, c.campaignId(), List.of(c.clusterId()));
        }
    }

    private static boolean uninstall(ItemReport r) {
        return Boolean.TRUE.equals(r.payload().get("uninstall"));
    }
}
