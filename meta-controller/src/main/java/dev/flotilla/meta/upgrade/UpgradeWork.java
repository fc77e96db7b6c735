package dev.flotilla.meta.upgrade;

import dev.flotilla.api.agent.ClusterStrategy;
import dev.flotilla.api.agent.WorkItem;
import dev.flotilla.api.agent.WorkloadKind;
import dev.flotilla.meta.agentgateway.ClusterWorkSource;
import dev.flotilla.meta.wave.TargetReports;
import dev.flotilla.meta.wave.TargetState;
import dev.flotilla.meta.wave.TargetUpdate;
import dev.flotilla.meta.wave.TargetWork;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * An upgrade campaign's work: a target is one tenant cluster's upgrade, carried by its control plane's host. Its
 * steps go to the host's work list one at a time, in the plan's skew-policy order ({@link UpgradeSteps}).
 * <p>
 * Pause holds an upgrade at its next step boundary: the step the host is converging on runs to its end (a
 * control-plane component is never left stopped halfway), the next one does not start until resumed. Abort
 * cancels the upgrades the same way. Rollback is refused (see {@link #rollbackRefusal()}).
 */
@Component
class UpgradeWork implements TargetWork, ClusterWorkSource {

    static final String KIND = "UPGRADE";
    static final String NO_ROLLBACK = "Kubernetes does not support downgrading a control plane: the newer "
            + "apiserver may already have written objects in storage versions the older minor cannot read, and "
            + "etcd does not go back once its cluster version moved; fix the failing step and resume, or abort "
            + "(every hop already finished stays, the upgrades in flight stop at their next step boundary)";
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final UpgradeSteps steps;
    private final TargetReports targets;
    private final WindowGate windows;
    private final VersionCatalog catalog;
    private final Clock clock;

    UpgradeWork(JdbcClient jdbc, ObjectMapper json, UpgradeSteps steps, TargetReports targets, WindowGate windows,
            VersionCatalog catalog, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.steps = steps;
        this.targets = targets;
        this.windows = windows;
        this.catalog = catalog;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public void dispatch(long campaignId, List<Long> clusterIds) {
        jdbc.sql("""
                        UPDATE cluster_upgrade SET state = 'RUNNING', started_at = ?, row_version = row_version + 1
                        WHERE campaign_id = ? AND cluster_id = ANY(?) AND state = 'PENDING'""")
                .params(Timestamp.from(clock.instant()), campaignId, clusterIds.toArray(Long[]::new)).update();
        start(campaignId, steps.lockInCampaign(campaignId, clusterIds, "u.state = 'RUNNING'"), TargetState.DISPATCHED,
                true);
    }

    /** Held upgrades (paused, or waiting for their window) get their next step once nothing holds it any more. */
    @Override
    public void progress(long campaignId, Instant now) {
        List<Long> held = jdbc.sql("""
                        SELECT cluster_id FROM cluster_upgrade
                        WHERE campaign_id = ? AND state = 'RUNNING' AND NOT step_running AND NOT paused
                        ORDER BY cluster_id""")
                .param(campaignId).query(Long.class).list();
        if (held.isEmpty()) {
            return;
        }
        // targets before upgrade rows: the order status reports take them in
        targets.lockTargets(held.stream().map(id -> new TargetReports.TargetKey(campaignId, id)).toList());
        start(campaignId, steps.lockInCampaign(campaignId, held,
                "u.state = 'RUNNING' AND NOT u.step_running AND NOT u.paused"), TargetState.IN_PROGRESS, false);
    }

    private void start(long campaignId, List<UpgradeProgress> upgrades, TargetState state, boolean noteHeld) {
        Instant now = clock.instant();
        List<TargetUpdate> updates = new ArrayList<>();
        Set<Long> hosts = new HashSet<>();
        for (UpgradeProgress u : upgrades) {
            UpgradeSteps.Next next = steps.startNext(u, now);
            if (next instanceof UpgradeSteps.Started started) {
                hosts.add(started.hostId());
            }
            if (next instanceof UpgradeSteps.Started || noteHeld) {
                updates.add(new TargetUpdate(campaignId, u.clusterId(), state, u.stepsDone() + 1, u.stepCount(), null,
                        next.message()));
            }
        }
        steps.bump(hosts);
        targets.apply(updates);
    }

    @Override
    public void setPaused(long campaignId, List<Long> clusterIds, boolean paused) {
        jdbc.sql("""
                        UPDATE cluster_upgrade SET paused = ?, row_version = row_version + 1
                        WHERE campaign_id = ? AND cluster_id = ANY(?) AND state = 'RUNNING' AND paused <> ?""")
                .params(paused, campaignId, clusterIds.toArray(Long[]::new), paused).update();
    }

    @Override
    public List<Long> rollback(long campaignId, List<Long> clusterIds) {
        throw new IllegalStateException(NO_ROLLBACK);
    }

    @Override
    public Optional<String> rollbackRefusal() {
        return Optional.of(NO_ROLLBACK);
    }

    /** A target starts only if its first step fits in the tenant's maintenance window now. */
    @Override
    public Map<Long, String> notYet(long campaignId, List<Long> clusterIds, Instant now) {
        return windows.closed(clusterIds, catalog.stepEstimate(), now);
    }

    @Override
    public void skipped(long campaignId, List<Long> clusterIds) {
        cancel(campaignId, clusterIds, "its campaign target was skipped before any step started");
    }

    @Override
    public void abort(long campaignId, List<Long> clusterIds) {
        cancel(campaignId, clusterIds, "the campaign was aborted: a step already on the host runs to its end, "
                + "no further step starts");
    }

    private void cancel(long campaignId, List<Long> clusterIds, String why) {
        jdbc.sql("""
                        UPDATE cluster_upgrade SET state = 'CANCELLED', message = ?, finished_at = ?,
                            row_version = row_version + 1
                        WHERE campaign_id = ? AND cluster_id = ANY(?) AND state IN ('PENDING', 'RUNNING')""")
                .params(why, Timestamp.from(clock.instant()), campaignId, clusterIds.toArray(Long[]::new)).update();
    }

    /**
     * The control-plane workloads the host runs for its tenants, as the latest upgrade steps wrote them. Each is
     * one batch under the catalog's step deadline: a component that does not converge in time (an image that never
     * pulls or never gets ready) is reported FAILED by the host's agent and fails its upgrade.
     */
    @Override
    public List<WorkItem> workFor(long clusterId) {
        ClusterStrategy strategy = new ClusterStrategy(null, null, null, List.of(),
                (int) catalog.stepDeadline().toSeconds());
        return jdbc.sql("""
                        SELECT w.work_id, c.name, w.component, w.kind, w.namespace, w.version, w.manifest::text,
                               w.generation
                        FROM control_plane_work w JOIN cluster c ON c.id = w.cluster_id
                        WHERE w.host_cluster_id = ? ORDER BY c.name, w.step""")
                .param(clusterId)
                .query((rs, i) -> {
                    Map<String, Object> manifest = json.readValue(rs.getString(7), MAP);
                    return new WorkItem(rs.getString(1), rs.getString(2) + "-" + rs.getString(3),
                            WorkloadKind.valueOf(rs.getString(4)), rs.getString(5), rs.getString(3),
                            MinorVersion.of(rs.getString(6)).minor(), manifest, strategy, false,
                            false, rs.getLong(8));
                })
                .list();
    }
}
