package dev.flotilla.meta.wave;

import java.util.List;

/** Targets in waves: wave 0 is the canary (possibly empty), waves 1..n follow. */
public record WavePlan(List<PlannedWave> waves) {

    /** One wave and its targets in dispatch order. */
    public record PlannedWave(int index, String name, List<WaveUnit> units) {
    }

    public WavePlan {
        waves = List.copyOf(waves);
    }

    public int targetCount() {
        return waves.stream().mapToInt(w -> w.units().size()).sum();
    }

    /**
     * Seconds the plan takes if every target takes {@code perTargetSeconds}: each wave runs in rounds of
     * {@code maxConcurrency} targets (all at once when null), then soaks unless it is empty or the last;
     * approval gates count as zero.
     */
    public long estimateSeconds(Integer maxConcurrency, int soakSeconds, long perTargetSeconds) {
        long total = 0;
        for (PlannedWave wave : waves) {
            int size = wave.units().size();
            if (size == 0) {
                continue;
            }
            long rounds = maxConcurrency == null ? 1 : (size + maxConcurrency - 1) / maxConcurrency;
            total += rounds * perTargetSeconds;
            if (wave.index() < waves.size() - 1) {
                total += soakSeconds;
            }
        }
        return total;
    }
}
