package dev.flotilla.meta.upgrade;

import dev.flotilla.meta.agentgateway.WorkItems;
import dev.flotilla.meta.versions.VersionCatalog;
import dev.flotilla.meta.wave.CampaignKind;
import dev.flotilla.meta.wave.TargetLocks;
import dev.flotilla.meta.wave.TargetState;
import dev.flotilla.meta.wave.TargetUpdate;
import dev.flotilla.meta.window.WindowGate;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * The upgrade kind of campaign: a target is one tenant cluster's upgrade, carried by its control plane's host. Its
 * steps go to the host's work list one at a time, in the plan's skew-policy order ({@link UpgradeSteps}), and every
 * step starts in one place: {@link #progress}, which the engine calls on each pass over a running campaign (right
 * after dispatching, and again whenever a report moved a target).
 * <p>
 * Pause therefore holds an upgrade at its next step boundary by itself: the step the host is converging on runs to
 * its end (a control-plane component is never left stopped halfway), the next one does not start until the campaign
 * runs again. Abort cancels the upgrades the same way. Rollback is refused (see {@link #rollbackRefusal()}).
 */
@Component
class UpgradeWork implements CampaignKind {

    static final String KIND = "UPGRADE";
    static final String NO_ROLLBACK = "Kubernetes does not support downgrading a control plane: the newer "
            + "apiserver may already have written objects in storage versions the older minor cannot read, and "
            + "etcd does not go back once its cluster version moved; fix the failing step and resume, or abort "
            + "(every hop already finished stays, the upgrades in flight stop at their next step boundary)";

    private static final TypeReference<List<Object>> LIST = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final UpgradeSteps steps;
    private final WorkItems items;
    private final TargetLocks targets;
    private final WindowGate windows;
    private final VersionCatalog catalog;
    private final Clock clock;

    UpgradeWork(JdbcClient jdbc, ObjectMapper json, UpgradeSteps steps, WorkItems items, TargetLocks targets,
            WindowGate windows, VersionCatalog catalog, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.steps = steps;
        this.items = items;
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
    public String noun() {
        return "upgrade campaign";
    }

    /** Each campaign's target version, whether it is one cluster's upgrade, the refused clusters and the request. */
    @Override
    public Map<Long, Map<String, Object>> details(Collection<Long> campaignIds) {
        Map<Long, Map<String, Object>> details = new HashMap<>();
        jdbc.sql("""
                        SELECT id, target_version, single_cluster, refused::text, spec::text FROM upgrade_campaign
                        WHERE id = ANY(?)""")
                .param(campaignIds.toArray(Long[]::new))
                .query(rs -> {
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("targetVersion", rs.getString(2));
                    d.put("singleCluster", rs.getBoolean(3));
                    d.put("refused", json.readValue(rs.getString(4), LIST));
                    d.put("spec", json.readValue(rs.getString(5), Object.class));
                    details.put(rs.getLong(1), d);
                });
        return details;
    }

    /** The upgrades start; their first step follows in {@link #progress} in the same pass. */
    @Override
    public Map<Long, String> dispatch(long campaignId, List<Long> clusterIds) {
        jdbc.sql("""
                        UPDATE cluster_upgrade SET state = 'RUNNING', started_at = ?, row_version = row_version + 1
                        WHERE campaign_id = ? AND cluster_id = ANY(?) AND state = 'PENDING'""")
                .params(Timestamp.from(clock.instant()), campaignId, clusterIds.toArray(Long[]::new)).update();
        return Map.of();
    }

    /**
     * Starts the next step of every running upgrade whose host is idle (none of its steps on the host's list) unless
     * its maintenance window holds it; answers what changed for the targets (a held step only when its reason did).
     */
    @Override
    public List<TargetUpdate> progress(long campaignId, Instant now) {
        List<Long> idle = jdbc.sql("""
                        SELECT cluster_id FROM cluster_upgrade
                        WHERE campaign_id = ? AND state = 'RUNNING' AND NOT step_running ORDER BY cluster_id""")
                .param(campaignId).query(Long.class).list();
        if (idle.isEmpty()) {
            return List.of();
        }
        // targets before upgrade rows: the order status reports take them in
        targets.lockTargets(idle.stream().map(id -> new TargetLocks.TargetKey(campaignId, id)).toList());
        List<TargetUpdate> updates = new ArrayList<>();
        List<WorkItems.Placed> started = new ArrayList<>();
        for (UpgradeProgress u : steps.lockInCampaign(campaignId, idle, "u.state = 'RUNNING' AND NOT u.step_running")) {
            UpgradeSteps.Next next = steps.startNext(u, now);
            if (next instanceof UpgradeSteps.Started step) {
                started.add(step.work());
                updates.add(new TargetUpdate(campaignId, u.clusterId(), TargetState.IN_PROGRESS, u.stepsDone() + 1,
                        u.stepCount(), null, next.message()));
            } else if (next instanceof UpgradeSteps.Held held && held.changed()) {
                // a target whose first step never started is still only dispatched
                updates.add(new TargetUpdate(campaignId, u.clusterId(), u.stepsDone() == 0 ? TargetState.DISPATCHED
                        : TargetState.IN_PROGRESS, u.stepsDone() + 1, u.stepCount(), null, next.message()));
            }
        }
        items.putAll(started);
        return updates;
    }

    /**
     * Nothing to stop: a paused campaign makes no pass that could start a step. Upgrades between steps say so; on
     * resume, {@link #progress} starts their next step and says that.
     */
    @Override
    public void setPaused(long campaignId, List<Long> clusterIds, boolean paused) {
        if (!paused) {
            return;
        }
        for (UpgradeProgress u : steps.lockInCampaign(campaignId, clusterIds,
                "u.state = 'RUNNING' AND NOT u.step_running")) {
            if (!u.allDone()) {
                steps.note(u.id(), false, u.steps().get(u.stepsDone()).describe(u.stepCount()) + " held: paused");
            }
        }
    }

    @Override
    public Returned rollback(long campaignId, List<Long> clusterIds, Map<Long, String> previous) {
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
}
