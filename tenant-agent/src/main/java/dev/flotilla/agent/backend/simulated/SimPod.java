package dev.flotilla.agent.backend.simulated;

/** One simulated pod: its revision and when it became (or becomes) ready; a job pod finishes at {@code readyAt}. */
final class SimPod {

    static final long NEVER = Long.MAX_VALUE;

    final int ordinal;
    String revision;
    long readyAt;
    boolean failed;

    SimPod(int ordinal, String revision, long readyAt) {
        this.ordinal = ordinal;
        this.revision = revision;
        this.readyAt = readyAt;
    }

    boolean ready(long now) {
        return readyAt <= now;
    }
}
