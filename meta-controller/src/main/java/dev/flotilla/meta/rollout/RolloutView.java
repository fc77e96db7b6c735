package dev.flotilla.meta.rollout;

import dev.flotilla.meta.wave.CampaignState;
import dev.flotilla.meta.wave.CampaignView;
import dev.flotilla.meta.wave.FailurePolicy;
import dev.flotilla.meta.wave.TargetState;
import dev.flotilla.meta.wave.UnreachablePolicy;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A rollout with its waves and target counts, as {@code GET /api/v1/rollouts/{id}} answers it.
 *
 * @param revision the revision rolled out; null for an uninstall
 * @param uninstall the rollout removes the application from its targets
 */
record RolloutView(long id, String application, Integer revision, boolean uninstall, CampaignState state, int currentWave,
        List<CampaignView.WaveView> waves, Map<TargetState, Integer> counts, int targets, int failures,
        int maxFailures, Integer maxConcurrency, FailurePolicy onFailure, UnreachablePolicy unreachable,
        int soakSeconds, Instant soakUntil, List<Integer> approvalBeforeWaves, String message, Instant createdAt,
        Instant startedAt, Instant finishedAt, Map<String, Object> spec) {

    static RolloutView of(String application, Integer revision, boolean uninstall, CampaignView c,
            Map<String, Object> spec) {
        return new RolloutView(c.id(), application, revision, uninstall, c.state(), c.currentWave(), c.waves(), c.counts(),
                c.targets(), c.failures(), c.maxFailures(), c.maxConcurrency(), c.onFailure(), c.unreachable(),
                c.soakSeconds(), c.soakUntil(), c.approvalBeforeWaves(), c.message(), c.createdAt(), c.startedAt(),
                c.finishedAt(), spec);
    }

    /** A rollout in a list: no per-wave detail. */
    record Summary(long id, String application, Integer revision, boolean uninstall, CampaignState state, int currentWave, int waves,
            int targets, Instant createdAt, Instant finishedAt) {
    }
}
