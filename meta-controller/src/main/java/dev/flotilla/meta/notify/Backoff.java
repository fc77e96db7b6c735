package dev.flotilla.meta.notify;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The wait before a delivery's next attempt: exponential ({@code initial * 2^(failures-1)}, at most {@code max}),
 * with "equal jitter": a uniformly random point in the upper half of that wait, so hooks that failed together
 * do not all come back at the same instant, and no wait is shorter than half its step.
 */
record Backoff(Duration initial, Duration max) {

    Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max (was " + initial + ", " + max + ")");
        }
    }

    /** The step after this many failed attempts (1 or more), before jitter. */
    Duration step(int failures) {
        int doublings = Math.max(0, failures - 1);
        // 2^62 ms is far beyond any max: stop doubling before the long overflows
        if (doublings >= 62 || initial.toMillis() > (max.toMillis() >> doublings)) {
            return max;
        }
        return initial.multipliedBy(1L << doublings);
    }

    /** The jittered wait after this many failed attempts: within [step/2, step]. */
    Duration delay(int failures, RandomGenerator random) {
        long step = step(failures).toMillis();
        long half = step / 2;
        return Duration.ofMillis(half + (step - half == 0 ? 0 : random.nextLong(step - half + 1)));
    }
}
