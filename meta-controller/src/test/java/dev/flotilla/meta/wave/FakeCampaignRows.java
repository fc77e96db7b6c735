package dev.flotilla.meta.wave;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * In-memory campaign rows, following {@link CampaignStore}'s SQL: {@link #claim} answers only RUNNING and ROLLING_BACK
 * campaigns, {@link #lock} only one of the named kind, {@link #moveTo} sets the finish time of a state that is no
 * longer active, {@link #startWave} clears the soak. Simplifications: no row locks (a unit test runs one pass at a
 * time, so a claim never finds the row held by another pass) and no {@code updated_at}.
 */
final class FakeCampaignRows implements CampaignRows {

    /** One campaign row, its columns changeable as the SQL changes them. */
    static final class Row {
        final long id;
        final String kind;
        final List<CampaignRow.WaveInfo> waves;
        final int targetCount;
        final Integer maxConcurrency;
        final int maxFailures;
        final FailurePolicy onFailure;
        final UnreachablePolicy unreachable;
        final int soakSeconds;
        final List<Integer> approvalWaves;
        final Instant createdAt;
        CampaignState state = CampaignState.RUNNING;
        int currentWave = -1;
        int failureBase;
        int approvedThrough = -1;
        Instant soakUntil;
        String message;
        Instant finishedAt;

        Row(long id, String kind, List<CampaignRow.WaveInfo> waves, int targetCount, Integer maxConcurrency,
                int maxFailures, FailurePolicy onFailure, UnreachablePolicy unreachable, int soakSeconds,
                List<Integer> approvalWaves, Instant createdAt) {
            this.id = id;
            this.kind = kind;
            this.waves = List.copyOf(waves);
            this.targetCount = targetCount;
            this.maxConcurrency = maxConcurrency;
            this.maxFailures = maxFailures;
            this.onFailure = onFailure;
            this.unreachable = unreachable;
            this.soakSeconds = soakSeconds;
            this.approvalWaves = List.copyOf(approvalWaves);
            this.createdAt = createdAt;
        }

        CampaignRow row() {
            return new CampaignRow(id, kind, "subject-" + id, state, currentWave, waves, targetCount, maxConcurrency,
                    maxFailures, failureBase, onFailure, unreachable, soakSeconds, approvalWaves, approvedThrough,
                    soakUntil, message, createdAt, createdAt, finishedAt);
        }
    }

    private final Map<Long, Row> rows = new TreeMap<>();
    private final Clock clock;

    FakeCampaignRows(Clock clock) {
        this.clock = clock;
    }

    /** Inserts a RUNNING campaign before its first wave, as {@link CampaignStore#insert} does. */
    void insert(Row row) {
        rows.put(row.id, row);
    }

    Row get(long id) {
        return rows.get(id);
    }

    @Override
    public Optional<CampaignRow> claim(long id) {
        return Optional.ofNullable(rows.get(id))
                .filter(r -> r.state == CampaignState.RUNNING || r.state == CampaignState.ROLLING_BACK)
                .map(Row::row);
    }

    @Override
    public Optional<CampaignRow> lock(String kind, long id) {
        return Optional.ofNullable(rows.get(id)).filter(r -> r.kind.equals(kind)).map(Row::row);
    }

    @Override
    public List<Long> moving() {
        return rows.values().stream()
                .filter(r -> r.state == CampaignState.RUNNING || r.state == CampaignState.ROLLING_BACK)
                .map(r -> r.id).toList();
    }

    @Override
    public void moveTo(long id, CampaignState state, String message) {
        Row r = rows.get(id);
        r.state = state;
        r.message = message;
        if (!state.active()) {
            r.finishedAt = clock.instant();
        }
    }

    @Override
    public void startWave(long id, int wave) {
        rows.get(id).currentWave = wave;
        rows.get(id).soakUntil = null;
    }

    @Override
    public void soakUntil(long id, Instant until) {
        rows.get(id).soakUntil = until;
    }

    @Override
    public void approveThrough(long id, int wave) {
        rows.get(id).approvedThrough = wave;
    }

    @Override
    public void failureBase(long id, int base) {
        rows.get(id).failureBase = base;
    }
}
