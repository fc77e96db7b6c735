package dev.flotilla.meta.upgrade;

import dev.flotilla.api.agent.StatusReport;
import dev.flotilla.api.agent.WorkPhase;
import dev.flotilla.meta.agentgateway.AgentCaller;
import dev.flotilla.meta.agentgateway.StatusReceiver;
import dev.flotilla.meta.wave.TargetReports;
import dev.flotilla.meta.wave.TargetState;
import dev.flotilla.meta.wave.TargetUpdate;
import dev.flotilla.meta.web.FlotillaException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.ObjectMapper;

/**
 * Takes the host agents' reports on upgrade steps. Only the agent of the cluster carrying the upgrade (the tenant's
 * control-plane host) may report on it. A report counts once (current generation, newer seq); SUCCEEDED finishes the
 * step and starts the next, FAILED fails the upgrade and its campaign target.
 */
@Component
class UpgradeStatusReceiver implements StatusReceiver {

    /** A report that passed the idempotency filter, with the item it is about. */
    private record Applied(String workId, long upgradeId, long clusterId, int step) {
    }

    /** An upgrade a report names, with the campaign target it belongs to and the cluster carrying it. */
    private record Owner(long upgradeId, long campaignId, long clusterId, Long carrierId) {
    }

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final TargetReports targets;
    private final UpgradeSteps steps;
    private final Clock clock;

    UpgradeStatusReceiver(JdbcClient jdbc, ObjectMapper json, TargetReports targets, UpgradeSteps steps, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.targets = targets;
        this.steps = steps;
        this.clock = clock;
    }

    @Override
    public boolean owns(String workId) {
        return workId != null && workId.startsWith(UpgradeWorkIds.PREFIX);
    }

    @Override
    @Transactional
    public void receive(AgentCaller agent, List<StatusReport> reports) {
        Map<String, StatusReport> latest = StatusReceiver.latestPerItem(reports);
        Map<String, Long> upgrades = new LinkedHashMap<>();
        latest.keySet().forEach(id -> upgrades.put(id,
                UpgradeWorkIds.upgrade(id).orElseThrow(() -> notYours(agent, id))));
        Map<Long, Owner> owners = owners(upgrades.values());
        upgrades.forEach((workId, upgradeId) -> {
            Owner owner = owners.get(upgradeId);
            if (owner == null || owner.carrierId() == null || owner.carrierId() != agent.clusterId()) {
                throw notYours(agent, workId);
            }
        });
        // targets before work and upgrade rows: the order the engine takes them in
        targets.lockTargets(owners.values().stream()
                .map(o -> new TargetReports.TargetKey(o.campaignId(), o.clusterId())).toList());
        List<TargetUpdate> updates = new ArrayList<>();
        Set<Long> hosts = new HashSet<>();
        for (Applied a : filterNewer(agent, latest.values())) {
            Owner owner = owners.get(a.upgradeId());
            steps.lock(a.upgradeId()).filter(u -> u.stepRunning() && u.stepsDone() == a.step())
                    .ifPresent(u -> updates.add(apply(owner, u, latest.get(a.workId()), hosts)));
        }
        steps.bump(hosts);
        targets.apply(updates);
    }

    private TargetUpdate apply(Owner owner, UpgradeProgress u, StatusReport report, Set<Long> hosts) {
        UpgradeProgress.PlannedStep step = u.steps().get(u.stepsDone());
        String what = step.describe(u.stepCount());
        int number = u.stepsDone() + 1;
        String observed = report.observed() == null ? null : json.writeValueAsString(report.observed());
        if (report.phase() == WorkPhase.FAILED) {
            String why = what + " failed on the host" + (blank(report.message()) ? "" : ": " + report.message());
            steps.finish(u.id(), UpgradeState.FAILED, why);
            return new TargetUpdate(owner.campaignId(), owner.clusterId(), TargetState.FAILED, number, u.stepCount(),
                    observed, why);
        }
        if (report.phase() != WorkPhase.SUCCEEDED) {
            steps.note(u.id(), true, what + ": " + report.phase());
            return new TargetUpdate(owner.campaignId(), owner.clusterId(), TargetState.IN_PROGRESS, number,
                    u.stepCount(), observed, what + ": " + report.phase());
        }
        return succeeded(owner, u, observed, hosts);
    }

    /** Finishes the step; starts the next one unless something holds it, or ends the upgrade after the last. */
    private TargetUpdate succeeded(Owner owner, UpgradeProgress u, String observed, Set<Long> hosts) {
        UpgradeProgress.PlannedStep step = steps.stepDone(u);
        UpgradeSteps.Next next = steps.startNext(steps.lock(u.id()).orElseThrow(), clock.instant());
        if (next instanceof UpgradeSteps.Started started) {
            hosts.add(started.hostId());
        }
        if (next instanceof UpgradeSteps.Finished) {
            String done = "all " + u.stepCount() + " steps done: the control plane runs " + step.hop().to()
                    + "; the cluster's recorded version follows when its own agent reports it";
            steps.finish(u.id(), UpgradeState.SUCCEEDED, done);
            return new TargetUpdate(owner.campaignId(), owner.clusterId(), TargetState.SUCCEEDED, u.stepCount(),
                    u.stepCount(), observed, done);
        }
        return new TargetUpdate(owner.campaignId(), owner.clusterId(), TargetState.IN_PROGRESS, u.stepsDone() + 2,
                u.stepCount(), observed, next.message());
    }

    private Map<Long, Owner> owners(Collection<Long> upgradeIds) {
        Map<Long, Owner> owners = new HashMap<>();
        jdbc.sql("""
                        SELECT u.id, u.campaign_id, u.cluster_id, t.carrier_id FROM cluster_upgrade u
                        JOIN wave_target t ON t.campaign_id = u.campaign_id AND t.cluster_id = u.cluster_id
                        WHERE u.id = ANY(?)""")
                .param(upgradeIds.stream().distinct().toArray(Long[]::new))
                .query(rs -> {
                    owners.put(rs.getLong(1), new Owner(rs.getLong(1), rs.getLong(2), rs.getLong(3),
                            rs.getObject(4, Long.class)));
                });
        return owners;
    }

    private List<Applied> filterNewer(AgentCaller agent, Collection<StatusReport> reports) {
        return jdbc.sql("""
                        UPDATE control_plane_work w SET reported_generation = r.generation, reported_seq = r.seq,
                            phase = r.phase, updated_at = now()
                        FROM unnest(?::text[], ?::bigint[], ?::bigint[], ?::text[]) AS r(work_id, generation, seq, phase)
                        WHERE w.host_cluster_id = ? AND w.work_id = r.work_id AND w.generation = r.generation
                          AND (r.generation, r.seq) > (w.reported_generation, w.reported_seq)
                        RETURNING w.work_id, w.upgrade_id, w.cluster_id, w.step""")
                .params(reports.stream().map(StatusReport::workId).toArray(String[]::new),
                        reports.stream().map(StatusReport::generation).toArray(Long[]::new),
                        reports.stream().map(StatusReport::seq).toArray(Long[]::new),
                        reports.stream().map(r -> r.phase().name()).toArray(String[]::new),
                        agent.clusterId())
                .query((rs, i) -> new Applied(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getInt(4)))
                .list().stream().sorted(Comparator.comparingLong(Applied::upgradeId)).toList();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static FlotillaException notYours(AgentCaller agent, String workId) {
        return FlotillaException.forbidden("work item '" + workId + "' is not work of cluster '" + agent.cluster()
                + "': only the agent of the cluster hosting the control plane reports on its upgrade steps; "
                + "no report of this batch was applied").with("cluster", agent.cluster());
    }
}
