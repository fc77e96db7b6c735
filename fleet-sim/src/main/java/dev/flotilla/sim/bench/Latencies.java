package dev.flotilla.sim.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Collected durations in milliseconds, with percentiles (nearest rank). */
final class Latencies {

    private final List<Double> millis = Collections.synchronizedList(new ArrayList<>());

    void add(double value) {
        millis.add(value);
    }

    int count() {
        return millis.size();
    }

    double percentile(double p) {
        List<Double> sorted;
        synchronized (millis) {
            sorted = new ArrayList<>(millis);
        }
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    double max() {
        return percentile(100);
    }

    double mean() {
        synchronized (millis) {
            return millis.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }
    }
}
