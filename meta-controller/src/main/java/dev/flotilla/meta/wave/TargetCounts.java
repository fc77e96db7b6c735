package dev.flotilla.meta.wave;

import java.util.EnumMap;
import java.util.Map;

/** A campaign's targets counted by state, overall and in the current wave, from one GROUP BY. */
record TargetCounts(Map<TargetState, Integer> all, Map<TargetState, Integer> wave, int failures,
        int rollbackInFlight, int rollbackFailed) {

    static TargetCounts empty() {
        return new TargetCounts(new EnumMap<>(TargetState.class), new EnumMap<>(TargetState.class), 0, 0, 0);
    }

    int inFlight() {
        return all.getOrDefault(TargetState.DISPATCHED, 0) + all.getOrDefault(TargetState.IN_PROGRESS, 0);
    }

    /** Whether the current wave still has targets to dispatch or to finish. */
    boolean waveOpen() {
        return wave.getOrDefault(TargetState.PENDING, 0) + wave.getOrDefault(TargetState.DISPATCHED, 0)
                + wave.getOrDefault(TargetState.IN_PROGRESS, 0) > 0;
    }

    int waveSize() {
        return wave.values().stream().mapToInt(Integer::intValue).sum();
    }
}
