package dev.flotilla.meta.upgrade;

import dev.flotilla.meta.token.ApiCaller;
import dev.flotilla.meta.versions.MinorVersion;
import dev.flotilla.meta.wave.CampaignControls;
import dev.flotilla.meta.wave.WaveSpec;
import dev.flotilla.meta.web.FlotillaException;
import dev.flotilla.meta.web.Page;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * Plans and starts Kubernetes version upgrades of single hosted control planes: each runs as a one-target upgrade
 * campaign of the wave engine. The cluster's recorded version changes only when its own agent reports it.
 */
@Service
public class UpgradeService {

    private static final Logger log = LoggerFactory.getLogger(UpgradeService.class);

    private final UpgradeRecords records;
    private final UpgradePreflight preflight;
    private final UpgradePlanner planner;
    private final UpgradeSchedule schedule;
    private final UpgradeLaunch launch;
    private final CampaignControls controls;
    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Clock clock;

    UpgradeService(UpgradeRecords records, UpgradePreflight preflight, UpgradePlanner planner,
            UpgradeSchedule schedule, UpgradeLaunch launch, CampaignControls controls, JdbcClient jdbc,
            ObjectMapper json, Clock clock) {
        this.records = records;
        this.preflight = preflight;
        this.planner = planner;
        this.schedule = schedule;
        this.launch = launch;
        this.controls = controls;
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /** What an upgrade would do, without storing anything; a failed preflight is a 409 naming every reason. */
    @Transactional(readOnly = true)
    public UpgradeViews.PlanView dryRun(ApiCaller caller, String cluster, String target, boolean force) {
        Checked checked = check(caller, cluster, target, force);
        UpgradePlan plan = checked.plan();
        return new UpgradeViews.PlanView(cluster, plan.from(), plan.to(), true, checked.report(), plan.hops(),
                plan.stepCount(), schedule.estimate(plan).toString(), schedule.of(checked.row().clusterId()));
    }

    /**
     * Starts the upgrade: a one-target campaign (one wave, no failure tolerated) whose target waits PENDING until
     * its first step may start (maintenance window), then RUNNING step by step to SUCCEEDED or FAILED.
     */
    @Transactional
    public UpgradeViews.UpgradeView request(ApiCaller caller, String cluster, String target, boolean force) {
        Checked checked = check(caller, cluster, target, force);
        UpgradeLaunch.Checked one = new UpgradeLaunch.Checked(checked.row(), checked.plan(), checked.report());
        WaveSpec.Planned planned = WaveSpec.single().plan(List.of(one.unit()));
        String description = "upgrade of " + cluster + " from " + checked.plan().from() + " to "
                + checked.plan().to() + " in " + checked.plan().stepCount() + " steps";
        long campaignId = launch.launch(new UpgradeLaunch.Launch("cluster:" + cluster, checked.plan().to().toString(),
                force, true, caller.tenantScope().orElse(null), Map.of("cluster", cluster, "targetVersion", target,
                "force", force), List.of(), caller.tokenName(), description), planned.plan(), planned.settings(), List.of(one));
        long id = launch.upgradeOf(campaignId, checked.row().clusterId());
        log.info("Upgrade {} of cluster {} from {} to {} requested by {} (campaign {})", id, cluster,
                checked.plan().from(), checked.plan().to(), caller.tokenName(), campaignId);
        return view(records.find(id).orElseThrow());
    }

    @Transactional(readOnly = true)
    public UpgradeViews.UpgradeView get(ApiCaller caller, long id) {
        return view(visible(caller, id));
    }

    @Transactional(readOnly = true)
    public Page<UpgradeViews.UpgradeView> list(ApiCaller caller, long clusterId, long before, int limit) {
        return Page.of(records.list(clusterId, before, limit + 1).stream().map(this::view).toList(), limit,
                u -> String.valueOf(u.id()));
    }

    /**
     * Cancels an upgrade still in flight by aborting its one-target campaign: a step already on the host runs to its
     * end, no further step starts. An upgrade of a fleet campaign is stopped through its campaign (409 naming it).
     */
    @Transactional
    public UpgradeViews.UpgradeView cancel(ApiCaller caller, long id) {
        UpgradeRecords.UpgradeRow row = visible(caller, id);
        row.state().checkMoveTo(UpgradeState.CANCELLED);
        if (row.campaignId() == null) {
            transition(row, UpgradeState.CANCELLED);
        } else if (singleCluster(row.campaignId())) {
            controls.abort(UpgradeWork.KIND, row.campaignId(), CampaignControls.actor(caller));
        } else {
            throw FlotillaException.conflict("upgrade " + id + " belongs to upgrade campaign " + row.campaignId()
                    + ": pause or abort the campaign (POST /api/v1/upgrades/campaigns/" + row.campaignId()
                    + "/abort)").with("campaign", row.campaignId());
        }
        return view(records.find(id).orElseThrow());
    }

    private boolean singleCluster(long campaignId) {
        return jdbc.sql("SELECT single_cluster FROM upgrade_campaign WHERE id = ?").param(campaignId)
                .query(Boolean.class).optional().orElse(false);
    }

    /** Moves an upgrade on (for the executor): an illegal or lost transition is a 409 naming the states. */
    @Transactional
    public void transition(long id, UpgradeState from, UpgradeState to) {
        from.checkMoveTo(to);
        if (!records.transition(id, from, to, clock.instant())) {
            UpgradeState actual = records.find(id).map(UpgradeRecords.UpgradeRow::state).orElse(null);
            throw FlotillaException.illegalTransition("upgrade " + id, actual, to);
        }
        log.info("Upgrade {} moved from {} to {}", id, from, to);
    }

    /** The plan stored with an upgrade, for the executor. */
    @Transactional(readOnly = true)
    public Optional<UpgradePlan> storedPlan(long id) {
        return records.find(id).map(row -> new UpgradePlan(MinorVersion.of(row.from()), MinorVersion.of(row.to()),
                json.readValue(row.hops(), new TypeReference<List<UpgradePlan.Hop>>() { })));
    }

    private void transition(UpgradeRecords.UpgradeRow row, UpgradeState to) {
        transition(row.id(), row.state(), to);
    }

    private record Checked(UpgradeRecords.CandidateRow row, UpgradePlan plan, PreflightResult.Report report) {
    }

    private Checked check(ApiCaller caller, String cluster, String target, boolean force) {
        UpgradeRecords.CandidateRow row = records.candidate(cluster, target, force)
                .filter(r -> caller.sees(r.tenant()))
                .orElseThrow(() -> FlotillaException.notFound("cluster", cluster));
        PreflightResult result = preflight.check(row.candidate());
        if (result instanceof PreflightResult.Failed failed) {
            throw refused(cluster, failed.refusals());
        }
        UpgradeCandidate candidate = row.candidate();
        UpgradePlan plan = planner.plan(candidate.controlPlane(), candidate.currentVersion(),
                MinorVersion.of(target));
        return new Checked(row, plan, result.report());
    }

    private static FlotillaException refused(String cluster, List<Refusal> refusals) {
        String detail = String.join("; ", refusals.stream().map(Refusal::detail).toList());
        return new FlotillaException(FlotillaException.Problem.PREFLIGHT_FAILED, detail)
                .with("cluster", cluster)
                .with("reasons", refusals.stream().map(Refusal::reason).toList())
                .with("refusals", new PreflightResult.Failed(refusals, List.of()).report().refusals());
    }

    private UpgradeRecords.UpgradeRow visible(ApiCaller caller, long id) {
        return records.find(id).filter(r -> caller.sees(r.tenant()))
                .orElseThrow(() -> FlotillaException.notFound("upgrade", String.valueOf(id)));
    }

    private UpgradeViews.UpgradeView view(UpgradeRecords.UpgradeRow row) {
        boolean reported = MinorVersion.parse(row.reportedVersion())
                .map(v -> v.toString().equals(row.to())).orElse(false);
        return new UpgradeViews.UpgradeView(row.id(), row.cluster(), row.from(), row.to(), row.state(), row.forced(),
                row.requestedBy(), json.readValue(row.preflight(), PreflightResult.Report.class),
                row.hops() == null ? null : json.readTree(row.hops()), row.createdAt(), row.startedAt(),
                row.finishedAt(), row.campaignId(), new UpgradeViews.Progress(row.steps(), row.stepsDone(),
                row.stepRunning(), row.paused(), row.message()), row.reportedVersion(), reported);
    }
}
