package dev.flotilla.meta.ratelimit;

/**
 * A token bucket: holds up to {@code burst} permits, refilled continuously at {@code perSecond}; a request takes
 * one. Time is passed in (nanoseconds of a monotonic clock) so the bucket can be tested without waiting.
 */
final class TokenBucket {

    private static final double NANOS_PER_SECOND = 1_000_000_000d;

    private final double perNano;
    private final double burst;
    private double permits;
    private long refilledAt;

    TokenBucket(double perSecond, int burst, long now) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("a bucket needs a positive rate and a burst of at least 1");
        }
        this.perNano = perSecond / NANOS_PER_SECOND;
        this.burst = burst;
        this.permits = burst;
        this.refilledAt = now;
    }

    /** Takes a permit: answers 0 when one was taken, otherwise the nanoseconds until one will be there. */
    synchronized long take(long now) {
        refill(now);
        if (permits >= 1) {
            permits -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - permits) / perNano));
    }

    /** Whether the bucket is full again, i.e. indistinguishable from a new one (so it may be dropped). */
    synchronized boolean full(long now) {
        refill(now);
        return permits >= burst;
    }

    private void refill(long now) {
        long elapsed = now - refilledAt;
        if (elapsed > 0) {
            permits = Math.min(burst, permits + elapsed * perNano);
            refilledAt = now;
        }
    }
}
