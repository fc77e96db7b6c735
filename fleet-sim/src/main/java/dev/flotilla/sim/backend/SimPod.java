package dev.flotilla.sim.backend;

import java.util.HashMap;
import java.util.Map;

/**
 * One simulated pod: its revision, when it became (or becomes) ready, and the labels set on it after creation (the
 * template's labels are implied); a job pod finishes at {@code readyAt}.
 */
final class SimPod {

    static final long NEVER = Long.MAX_VALUE;

    final int ordinal;
    String revision;
    long readyAt;
    /** When the pod has been ready for its workload's minReadySeconds (Kruise's "available"). */
    long availableAt;
    boolean failed;
    /** Labels written on the pod itself (by a labeler, not the template); created on first use. */
    private Map<String, String> labels;

    SimPod(int ordinal, String revision, long readyAt) {
        this.ordinal = ordinal;
        this.revision = revision;
        this.readyAt = readyAt;
        this.availableAt = readyAt;
    }

    boolean ready(long now) {
        return readyAt <= now;
    }

    boolean available(long now) {
        return availableAt <= now;
    }

    /** Sets when the pod becomes ready, and so available {@code minReadyMillis} later. */
    void readyAt(long at, long minReadyMillis) {
        readyAt = at;
        availableAt = at == NEVER ? NEVER : at + minReadyMillis;
    }

    Map<String, String> labels() {
        return labels == null ? Map.of() : labels;
    }

    void label(Map<String, String> set) {
        if (labels == null) {
            labels = new HashMap<>(2);
        }
        labels.putAll(set);
    }
}
