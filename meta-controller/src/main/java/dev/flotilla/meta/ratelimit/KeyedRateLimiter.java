package dev.flotilla.meta.ratelimit;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One {@link TokenBucket} per caller key, in memory on this replica. Buckets that have refilled completely are
 * the same as new ones, so they are dropped when the map grows past {@code maxKeys}; the memory follows the
 * callers active within a burst's refill time, not every caller ever seen.
 */
final class KeyedRateLimiter {

    private final ConcurrentHashMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final double perSecond;
    private final int burst;
    private final int maxKeys;
    private final LongSupplier nanoTime;

    KeyedRateLimiter(double perSecond, int burst, int maxKeys, LongSupplier nanoTime) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.maxKeys = maxKeys;
        this.nanoTime = nanoTime;
        new TokenBucket(perSecond, burst, 0); // validates the settings at start
    }

    /** Takes a permit for the key: {@link Duration#ZERO} when granted, otherwise how long until one is free. */
    Duration acquire(String key) {
        long now = nanoTime.getAsLong();
        TokenBucket bucket = buckets.get(key);
        if (bucket == null) {
            if (buckets.size() >= maxKeys) {
                prune(now);
            }
            bucket = buckets.computeIfAbsent(key, k -> new TokenBucket(perSecond, burst, now));
        }
        return Duration.ofNanos(bucket.take(now));
    }

    double perSecond() {
        return perSecond;
    }

    int burst() {
        return burst;
    }

    int size() {
        return buckets.size();
    }

    private void prune(long now) {
        buckets.values().removeIf(bucket -> bucket.full(now));
        if (buckets.size() >= maxKeys) {
            // more callers busy at once than the bound: start over rather than grow without end
            buckets.clear();
        }
    }
}
