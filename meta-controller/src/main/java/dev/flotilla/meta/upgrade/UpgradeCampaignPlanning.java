package dev.flotilla.meta.upgrade;

import dev.flotilla.meta.cluster.ClusterSelection;
import dev.flotilla.meta.token.ApiCaller;
import dev.flotilla.meta.versions.MinorVersion;
import dev.flotilla.meta.wave.CampaignSettings;
import dev.flotilla.meta.wave.FailurePolicy;
import dev.flotilla.meta.wave.WavePlan;
import dev.flotilla.meta.wave.WaveSpec;
import dev.flotilla.meta.web.FlotillaException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Plans a fleet upgrade: selects the clusters, runs each one's preflight (refused clusters are listed and not
 * targeted), plans every passing cluster's hops and spreads them over canary and waves with the wave planner.
 */
@Component
class UpgradeCampaignPlanning {

    static final int SHOWN_CLUSTERS = 200;

    /** The outcome of planning: the targets with their plans, the refused clusters, the waves and settings. */
    record Planned(List<UpgradeLaunch.Checked> targets, List<UpgradeCampaignViews.RefusedCluster> refused,
            WavePlan plan, CampaignSettings settings) {
    }

    private final UpgradeRecords records;
    private final UpgradePreflight preflight;
    private final UpgradePlanner planner;

    UpgradeCampaignPlanning(UpgradeRecords records, UpgradePreflight preflight, UpgradePlanner planner) {
        this.records = records;
        this.preflight = preflight;
        this.planner = planner;
    }

    Planned plan(ApiCaller caller, UpgradeCampaignRequest request) {
        checkPolicies(request);
        List<UpgradeLaunch.Checked> targets = new ArrayList<>();
        List<UpgradeCampaignViews.RefusedCluster> refused = new ArrayList<>();
        for (UpgradeRecords.CandidateRow row : select(caller, request)) {
            PreflightResult result = preflight.check(row.candidate());
            PreflightResult.Report report = result.report();
            if (result instanceof PreflightResult.Failed) {
                refused.add(new UpgradeCampaignViews.RefusedCluster(row.candidate().cluster(),
                        report.refusals().stream().map(PreflightResult.Reason::reason).toList(), report.refusals()));
                continue;
            }
            UpgradeCandidate c = row.candidate();
            targets.add(new UpgradeLaunch.Checked(row, planner.plan(c.controlPlane(), c.currentVersion(),
                    MinorVersion.of(request.targetVersion())), report));
        }
        if (targets.isEmpty()) {
            throw new FlotillaException(FlotillaException.Problem.PREFLIGHT_FAILED, "every one of the "
                    + refused.size() + " selected clusters was refused at preflight")
                    .with("refused", refused);
        }
        WaveSpec.Planned planned = request.wave().plan(targets.stream().map(UpgradeLaunch.Checked::unit).toList());
        return new Planned(targets, refused, planned.plan(), planned.settings());
    }

    private static void checkPolicies(UpgradeCampaignRequest request) {
        if (request.wave().onFailure() == FailurePolicy.ROLLBACK) {
            throw FlotillaException.badInput("field 'onFailure': ROLLBACK is not available for upgrades: "
                    + UpgradeWork.NO_ROLLBACK).with("field", "onFailure");
        }
        if (Boolean.FALSE.equals(request.wave().respectMaintenanceWindows())) {
            throw FlotillaException.badInput("field 'respectMaintenanceWindows': upgrades always respect the "
                    + "clusters' maintenance windows").with("field", "respectMaintenanceWindows");
        }
        if (request.clusters() == null || !request.clusters().narrowed()) {
            throw FlotillaException.badInput("field 'clusters' must name a selector or cluster names")
                    .with("field", "clusters");
        }
    }

    /** Registered clusters matching the selection; preflight refuses the unsuitable ones with their reasons. */
    private List<UpgradeRecords.CandidateRow> select(ApiCaller caller, UpgradeCampaignRequest request) {
        ClusterSelection spec = request.clusters();
        StringBuilder where = new StringBuilder("c.state <> 'REGISTERING'");
        List<Object> params = new ArrayList<>();
        spec.appendSql(caller, where, params);
        List<UpgradeRecords.CandidateRow> rows = records.candidates(where.toString(), params,
                request.targetVersion(), request.forced());
        spec.checkNamesFound(rows.stream().map(r -> r.candidate().cluster()).toList(),
                "unknown, still registering, outside the selector or outside the token's tenant");
        if (rows.isEmpty()) {
            throw FlotillaException.badInput("the cluster selection matches no cluster").with("field", "clusters");
        }
        return rows;
    }
}
