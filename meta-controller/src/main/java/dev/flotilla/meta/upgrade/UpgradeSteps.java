package dev.flotilla.meta.upgrade;

import dev.flotilla.api.agent.ClusterStrategy;
import dev.flotilla.meta.agentgateway.WorkItems;
import dev.flotilla.meta.agentgateway.WorkPlacement;
import dev.flotilla.meta.agentgateway.WorkSpec;
import dev.flotilla.meta.controlplane.ControlPlaneManifests;
import dev.flotilla.meta.controlplane.ControlPlaneService;
import dev.flotilla.meta.controlplane.HostedControlPlane;
import dev.flotilla.meta.versions.VersionCatalog;
import dev.flotilla.meta.window.WindowGate;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * Moves one upgrade through its steps, in the caller's transaction (after its target is locked): puts the next
 * step's workload on the host's work list when the upgrade is running and the step fits in the tenant's maintenance
 * window (only from {@link UpgradeWork#progress}, in an engine pass over a running campaign: a paused campaign starts
 * no step); records finished steps, and at the end of a hop the control plane's new version.
 */
@Component
class UpgradeSteps {

    /** What happened to an upgrade's next step. */
    sealed interface Next permits Started, Held, Finished {
        String message();
    }

    /** The step starts: its workload is to go on the host's work list ({@code work}, put by the caller). */
    record Started(String message, WorkItems.Placed work) implements Next {
    }

    /**
     * The step waits: the upgrade is stopped, or the window does not let it start.
     *
     * @param changed whether the upgrade's message changed (else nothing new to tell)
     */
    record Held(String message, boolean changed) implements Next {
    }

    /** Every step is done. */
    record Finished(String message) implements Next {
    }

    private static final Logger log = LoggerFactory.getLogger(UpgradeSteps.class);
    private static final TypeReference<List<UpgradePlan.Hop>> HOPS = new TypeReference<>() {
    };
    private static final String COLUMNS = """
            u.id, u.cluster_id, c.name, u.campaign_id, u.state, u.steps_done, u.step_running, u.hops::text
            FROM cluster_upgrade u JOIN cluster c ON c.id = u.cluster_id""";

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final WorkItems items;
    private final WindowGate windows;
    private final VersionCatalog catalog;
    private final ControlPlaneService controlPlanes;
    private final Clock clock;

    UpgradeSteps(JdbcClient jdbc, ObjectMapper json, WorkItems items, WindowGate windows, VersionCatalog catalog,
            ControlPlaneService controlPlanes, Clock clock) {
        this.controlPlanes = controlPlanes;
        this.jdbc = jdbc;
        this.json = json;
        this.items = items;
        this.windows = windows;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** Locks and reads upgrades of a campaign on these tenant clusters. */
    List<UpgradeProgress> lockInCampaign(long campaignId, List<Long> clusterIds, String stateFilter) {
        return jdbc.sql("SELECT " + COLUMNS + " WHERE u.campaign_id = ? AND u.cluster_id = ANY(?) AND " + stateFilter
                        + " ORDER BY u.cluster_id FOR UPDATE OF u")
                .params(campaignId, clusterIds.toArray(Long[]::new)).query(this::row).list();
    }

    Optional<UpgradeProgress> lock(long upgradeId) {
        return jdbc.sql("SELECT " + COLUMNS + " WHERE u.id = ? FOR UPDATE OF u").param(upgradeId).query(this::row)
                .optional();
    }

    /** Starts the next step if nothing holds it; an upgrade with every step done is answered Finished. */
    Next startNext(UpgradeProgress u, Instant now) {
        List<UpgradeProgress.PlannedStep> steps = u.steps();
        if (u.allDone()) {
            return new Finished("all " + steps.size() + " steps done");
        }
        UpgradeProgress.PlannedStep step = steps.get(u.stepsDone());
        String what = step.describe(steps.size());
        if (u.state() != UpgradeState.RUNNING) {
            return new Held(what + " not started: the upgrade is " + u.state(), false);
        }
        Optional<String> closed = Optional.ofNullable(
                windows.closed(List.of(u.clusterId()), catalog.stepEstimate(), now).get(u.clusterId()));
        if (closed.isPresent()) {
            return hold(u, what + " " + closed.get());
        }
        Optional<HostedControlPlane> cp = controlPlanes.find(u.clusterId());
        Optional<Long> host = host(u.clusterId());
        if (cp.isEmpty() || host.isEmpty()) {
            return hold(u, what + " held: the control plane's host cluster is no longer registered");
        }
        Optional<Map<String, Object>> manifest = manifest(cp.get(), step);
        if (manifest.isEmpty()) {
            return hold(u, what + " held: the catalog no longer has release " + step.hop().to());
        }
        WorkItems.Placed work = placed(u, step, host.get(), manifest.get());
        note(u.id(), true, what);
        log.info("Upgrade {} of cluster {}: {} on host {}", u.id(), u.cluster(), what, host.get());
        return new Started(what, work);
    }

    /**
     * Records the running step as done (and the hop, if it closes one: the control plane's version); answers the
     * step.
     */
    UpgradeProgress.PlannedStep stepDone(UpgradeProgress u) {
        UpgradeProgress.PlannedStep step = u.steps().get(u.stepsDone());
        jdbc.sql("UPDATE cluster_upgrade SET steps_done = steps_done + 1, step_running = false, "
                        + "row_version = row_version + 1 WHERE id = ?")
                .param(u.id()).update();
        if (step.lastOfHop()) {
            String version = step.hop().to().toString();
            controlPlanes.recordVersion(u.clusterId(), step.hop().to());
            log.info("Upgrade {} of cluster {}: hop to {} done; control plane now at {}", u.id(), u.cluster(),
                    version, version);
        }
        return step;
    }

    /** Ends the upgrade; only from RUNNING or PENDING (a report after a cancel changes no record). */
    void finish(long upgradeId, UpgradeState to, String message) {
        jdbc.sql("""
                        UPDATE cluster_upgrade SET state = ?, message = ?, step_running = false, finished_at = ?,
                            row_version = row_version + 1
                        WHERE id = ? AND state IN ('PENDING', 'RUNNING')""")
                .params(to.name(), message, Timestamp.from(clock.instant()), upgradeId).update();
        log.info("Upgrade {} {}: {}", upgradeId, to, message);
    }

    /**
     * Notes where the upgrade stands; a held step retried every tick writes only when something changed. Answers
     * whether it did.
     */
    boolean note(long upgradeId, boolean stepRunning, String message) {
        return jdbc.sql("""
                        UPDATE cluster_upgrade SET step_running = ?, message = ?
                        WHERE id = ? AND (step_running, message) IS DISTINCT FROM (?, ?)""")
                .params(stepRunning, message, upgradeId, stepRunning, message).update() > 0;
    }

    private Held hold(UpgradeProgress u, String message) {
        return new Held(message, note(u.id(), false, message));
    }

    private Optional<Long> host(long clusterId) {
        return jdbc.sql("SELECT host_cluster_id FROM control_plane WHERE cluster_id = ? AND host_cluster_id IS NOT NULL")
                .param(clusterId).query(Long.class).optional();
    }

    /** The step's manifest as planned, or generated now for plans stored without them (fleet campaigns). */
    private Optional<Map<String, Object>> manifest(HostedControlPlane cp, UpgradeProgress.PlannedStep step) {
        if (step.step().manifest() != null) {
            return Optional.of(step.step().manifest());
        }
        return catalog.release(step.hop().to())
                .map(release -> ControlPlaneManifests.manifest(cp, step.step().component(), release));
    }

    /** The step's workload for the host's list: the component's item gets the new workId and manifest. */
    private WorkItems.Placed placed(UpgradeProgress u, UpgradeProgress.PlannedStep step, long hostId,
            Map<String, Object> manifest) {
        UpgradePlan.Step s = step.step();
        String component = s.component().workloadName();
        ClusterStrategy strategy = new ClusterStrategy(null, null, null, List.of(),
                (int) catalog.stepDeadline().toSeconds());
        return new WorkItems.Placed(new WorkSpec(UpgradeWork.KIND, u.campaignId(),
                "control-plane/" + u.cluster() + "/" + component, UpgradeWorkIds.of(u.id(), s.component()),
                Map.of("upgradeId", u.id(), "step", step.index()), u.cluster() + "-" + component, s.kind(),
                s.namespace(), component, step.hop().to().minor(), manifest, strategy, false),
                List.of(new WorkPlacement(hostId, u.clusterId())));
    }

    private UpgradeProgress row(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
        return new UpgradeProgress(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getObject(4, Long.class),
                UpgradeState.valueOf(rs.getString(5)), rs.getInt(6), rs.getBoolean(7),
                json.readValue(rs.getString(8), HOPS));
    }
}
