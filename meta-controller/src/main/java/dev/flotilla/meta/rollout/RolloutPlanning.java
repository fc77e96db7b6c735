package dev.flotilla.meta.rollout;

import dev.flotilla.api.agent.ClusterStrategy;
import dev.flotilla.meta.wave.Amount;
import dev.flotilla.meta.wave.CampaignSettings;
import dev.flotilla.meta.wave.PlanSpec;
import dev.flotilla.meta.wave.WavePlan;
import dev.flotilla.meta.wave.WavePlanner;
import dev.flotilla.meta.wave.WaveUnit;
import dev.flotilla.meta.web.FlotillaException;
import java.util.ArrayList;
import java.util.List;

/** Turns a rollout request into a wave plan and resolved settings, and estimates how long it takes. */
final class RolloutPlanning {

    /** The time assumed for one in-cluster batch to apply and become ready, for the dry-run estimate. */
    static final long ASSUMED_BATCH_SECONDS = 60;
    static final String ESTIMATE_BASIS = "each cluster takes " + ASSUMED_BATCH_SECONDS + "s per in-cluster batch "
            + "plus the batches' pauseSeconds; a wave runs in rounds of maxConcurrency clusters (one round when "
            + "unlimited) and then soaks for soakSeconds (not after the last); approval waits and unreachable "
            + "clusters count as zero";

    /** A plan with its settings. */
    record Planned(WavePlan plan, CampaignSettings settings) {
    }

    private RolloutPlanning() {
    }

    static Planned plan(RolloutRequest request, List<WaveUnit> targets) {
        List<Amount> waves = new ArrayList<>();
        List<Object> raw = request.waves() == null ? List.of() : request.waves();
        for (int i = 0; i < raw.size(); i++) {
            waves.add(Amount.parse("waves[" + i + "]", raw.get(i)));
        }
        RolloutRequest.Canary canary = request.canary();
        if (canary != null && canary.count() != null && canary.names() != null && !canary.names().isEmpty()) {
            throw FlotillaException.badInput("canary takes either 'count' or 'names', not both")
                    .with("field", "canary");
        }
        PlanSpec spec = new PlanSpec(canary == null ? null : canary.count(), canary == null ? null : canary.names(),
                waves, request.order());
        StrategyRules.check(request.clusterStrategy());
        WavePlan plan = WavePlanner.plan(targets, spec);
        checkApprovals(request.approvalBeforeWaves(), plan);
        Amount concurrency = request.maxConcurrency() == null ? null
                : Amount.parse("maxConcurrency", request.maxConcurrency());
        if (concurrency != null && concurrency.value() == 0) {
            throw FlotillaException.badInput("field 'maxConcurrency' must be at least 1").with("field", "maxConcurrency");
        }
        Amount failures = request.maxFailures() == null ? null : Amount.parse("maxFailures", request.maxFailures());
        CampaignSettings settings = CampaignSettings.resolve(plan.targetCount(), concurrency, failures,
                request.onFailure(), request.unreachable(), request.soakSeconds(), request.approvalBeforeWaves());
        return new Planned(plan, settings);
    }

    private static void checkApprovals(List<Integer> approvals, WavePlan plan) {
        if (approvals == null) {
            return;
        }
        for (Integer wave : approvals) {
            if (wave >= plan.waves().size()) {
                throw FlotillaException.badInput("approvalBeforeWaves names wave " + wave + " but the plan has waves 0 to "
                        + (plan.waves().size() - 1) + " (canary = 0)").with("field", "approvalBeforeWaves");
            }
        }
    }

    static DryRun dryRun(RolloutRequest request, Planned planned) {
        CampaignSettings s = planned.settings();
        List<DryRun.Wave> waves = planned.plan().waves().stream()
                .map(w -> new DryRun.Wave(w.index(), w.name(), w.units().size(),
                        w.units().stream().limit(10).map(WaveUnit::name).toList(),
                        s.approvalWaves().contains(w.index())))
                .toList();
        long estimate = planned.plan().estimateSeconds(s.maxConcurrency(), s.soakSeconds(),
                perClusterSeconds(request.clusterStrategy()));
        return new DryRun(true, request.application(), request.revision(), planned.plan().targetCount(), waves,
                s.maxConcurrency(), s.maxFailures(), estimate, ESTIMATE_BASIS);
    }

    /** The assumed time of the in-cluster rollout: every batch plus its pause. */
    static long perClusterSeconds(ClusterStrategy strategy) {
        if (strategy == null || strategy.batches().isEmpty()) {
            return ASSUMED_BATCH_SECONDS;
        }
        return strategy.batches().stream().mapToLong(b -> ASSUMED_BATCH_SECONDS
                + (b.pauseSeconds() == null ? 0 : b.pauseSeconds())).sum();
    }
}
