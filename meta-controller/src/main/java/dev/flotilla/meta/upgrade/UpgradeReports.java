package dev.flotilla.meta.upgrade;

import dev.flotilla.api.agent.StatusReport;
import dev.flotilla.api.agent.WorkPhase;
import dev.flotilla.meta.agentgateway.ItemReport;
import dev.flotilla.meta.agentgateway.WorkOwner;
import dev.flotilla.meta.wave.CampaignState;
import dev.flotilla.meta.wave.Campaigns;
import dev.flotilla.meta.wave.TargetLocks;
import dev.flotilla.meta.wave.TargetReports;
import dev.flotilla.meta.wave.TargetState;
import dev.flotilla.meta.wave.TargetUpdate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * What a host's report on an upgrade step means: SUCCEEDED finishes the step (and, after the last, the upgrade and
 * its campaign target), FAILED fails the upgrade and its target, anything else is progress. The next step is not
 * started here: the engine's pass, woken by the target update, starts it ({@link UpgradeWork#progress}).
 */
@Component
class UpgradeReports implements WorkOwner {

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final TargetReports targets;
    private final TargetLocks locks;
    private final UpgradeSteps steps;
    private final Campaigns campaigns;

    UpgradeReports(JdbcClient jdbc, ObjectMapper json, TargetReports targets, TargetLocks locks, UpgradeSteps steps,
            Campaigns campaigns) {
        this.campaigns = campaigns;
        this.jdbc = jdbc;
        this.json = json;
        this.targets = targets;
        this.locks = locks;
        this.steps = steps;
    }

    @Override
    public String kind() {
        return UpgradeWork.KIND;
    }

    @Override
    public String workIdPrefix() {
        return UpgradeWorkIds.PREFIX;
    }

    /** A late report is one from the host that carries the upgrade's campaign target. */
    @Override
    public boolean carried(long carrierId, String workId) {
        return UpgradeWorkIds.upgrade(workId).stream().anyMatch(upgradeId -> jdbc.sql("""
                        SELECT campaign_id, cluster_id FROM cluster_upgrade WHERE id = ? AND campaign_id IS NOT NULL""")
                .param(upgradeId)
                .query((rs, i) -> locks.carries(carrierId, rs.getLong(1), rs.getLong(2)))
                .optional().orElse(false));
    }

    @Override
    public void reported(List<ItemReport> reports) {
        List<TargetUpdate> updates = new ArrayList<>();
        reports.stream().sorted(Comparator.comparingLong(r -> r.number("upgradeId"))).forEach(r ->
                steps.lock(r.number("upgradeId"))
                        .filter(u -> u.stepRunning() && u.stepsDone() == r.number("step"))
                        .ifPresent(u -> updates.add(apply(r, u))));
        targets.apply(updates);
    }

    private TargetUpdate apply(ItemReport item, UpgradeProgress u) {
        StatusReport report = item.report();
        long campaignId = item.item().campaignId();
        long clusterId = item.item().clusterId();
        UpgradeProgress.PlannedStep step = u.steps().get(u.stepsDone());
        String what = step.describe(u.stepCount());
        int number = u.stepsDone() + 1;
        String observed = report.observed() == null ? null : json.writeValueAsString(report.observed());
        if (report.phase() == WorkPhase.FAILED) {
            String why = what + " failed on the host" + (blank(report.message()) ? "" : ": " + report.message());
            steps.finish(u.id(), UpgradeState.FAILED, why);
            return new TargetUpdate(campaignId, clusterId, TargetState.FAILED, number, u.stepCount(), observed, why);
        }
        if (report.phase() != WorkPhase.SUCCEEDED) {
            steps.note(u.id(), true, what + ": " + report.phase());
            return new TargetUpdate(campaignId, clusterId, TargetState.IN_PROGRESS, number, u.stepCount(), observed,
                    what + ": " + report.phase());
        }
        steps.stepDone(u);
        if (step.lastOfHop()) {
            // what the target now runs: a later failure leaves it here
            targets.setPrevious(campaignId, clusterId, step.hop().to().toString());
        }
        if (number == u.stepCount()) {
            String done = "all " + u.stepCount() + " steps done: the control plane runs " + step.hop().to()
                    + "; the cluster's recorded version follows when its own agent reports it";
            steps.finish(u.id(), UpgradeState.SUCCEEDED, done);
            return new TargetUpdate(campaignId, clusterId, TargetState.SUCCEEDED, number, u.stepCount(), observed,
                    done);
        }
        String next = u.steps().get(number).describe(u.stepCount())
                + (campaigns.state(campaignId).orElse(null) == CampaignState.PAUSED ? " held: paused"
                : " starts next");
        steps.note(u.id(), false, next);
        return new TargetUpdate(campaignId, clusterId, TargetState.IN_PROGRESS, number, u.stepCount(), observed,
                what + " done; " + next);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
