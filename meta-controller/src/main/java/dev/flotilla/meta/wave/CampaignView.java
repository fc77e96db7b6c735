package dev.flotilla.meta.wave;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A campaign's status as the API shows it.
 *
 * @param currentWave the latest wave started (canary = 0); -1 before the first
 * @param counts targets per state, every state present
 * @param failures failed targets that count against the budget
 * @param maxFailures the budget resolved to a count: the campaign stops once failures exceed it
 */
public record CampaignView(long id, CampaignState state, int currentWave, List<WaveView> waves,
        Map<TargetState, Integer> counts, int targets, int failures, int maxFailures, Integer maxConcurrency,
        FailurePolicy onFailure, UnreachablePolicy unreachable, int soakSeconds, Instant soakUntil,
        List<Integer> approvalBeforeWaves, String message, Instant createdAt, Instant startedAt,
        Instant finishedAt) {

    /**
     * One wave and its targets per state.
     *
     * @param state PENDING, WAITING_APPROVAL, RUNNING, SOAKING or COMPLETE
     */
    public record WaveView(int index, String name, int targets, Map<TargetState, Integer> counts, String state) {
    }
}
