package dev.flotilla.meta.wave;

import java.time.Instant;
import java.util.List;

/** A campaign as stored. */
record CampaignRow(long id, String kind, String subject, CampaignState state, int currentWave,
        List<WaveInfo> waves, int targetCount, Integer maxConcurrency, int maxFailures, int failureBase,
        FailurePolicy onFailure, UnreachablePolicy unreachable, int soakSeconds, List<Integer> approvalWaves,
        int approvedThrough, Instant soakUntil, String message, Instant createdAt, Instant startedAt,
        Instant finishedAt) {

    /** A wave as stored with its campaign: its number, name and target count. */
    record WaveInfo(int index, String name, int size) {
    }

    /** How a campaign is named in logs and events, e.g. {@code rollout 42}. */
    String label() {
        return kind.toLowerCase(java.util.Locale.ROOT) + " " + id;
    }

    boolean budgetSpent(int failures) {
        return failures - failureBase > maxFailures;
    }
}
