package dev.flotilla.meta.rollout;

import dev.flotilla.api.agent.ClusterStrategy;
import dev.flotilla.meta.wave.CampaignSettings;
import dev.flotilla.meta.wave.WaveSpec;
import dev.flotilla.meta.wave.WaveUnit;
import java.util.List;

/** Turns a rollout request into a wave plan and resolved settings, and estimates how long it takes. */
final class RolloutPlanning {

    /** The time assumed for one in-cluster batch to apply and become ready, for the dry-run estimate. */
    static final long ASSUMED_BATCH_SECONDS = 60;
    static final String ESTIMATE_BASIS = "each cluster takes " + ASSUMED_BATCH_SECONDS + "s per in-cluster batch "
            + "plus the batches' pauseSeconds; a wave runs in rounds of maxConcurrency clusters (one round when "
            + "unlimited) and then soaks for soakSeconds (not after the last); approval waits and unreachable "
            + "clusters count as zero";

    private RolloutPlanning() {
    }

    /** The strategy inside each cluster first, then the one wave validator every campaign kind shares. */
    static WaveSpec.Planned plan(RolloutRequest request, List<WaveUnit> targets) {
        StrategyRules.check(request.clusterStrategy());
        return request.wave().plan(targets);
    }

    static DryRun dryRun(RolloutRequest request, WaveSpec.Planned planned) {
        CampaignSettings s = planned.settings();
        List<DryRun.Wave> waves = planned.plan().waves().stream()
                .map(w -> new DryRun.Wave(w.index(), w.name(), w.units().size(),
                        w.units().stream().limit(10).map(WaveUnit::name).toList(),
                        s.approvalWaves().contains(w.index()),
                        s.analysis() == null ? List.of() : s.analysis().describe(w.units().stream()
                                .map(WaveUnit::name).toList(), request.application(),
                                request.removes() ? "uninstall" : String.valueOf(request.revision()), w.index())))
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
