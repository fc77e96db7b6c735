package dev.flotilla.meta.web;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A small bounded time-to-live cache for hot lookups (a bearer token per request). Entries expire after
 * the TTL so a change made by another replica is seen within it; local changes evict at once.
 */
public final class ExpiringCache<K, V> {

    private record Entry<V>(Optional<V> value, long expiresAtMillis) {
    }

    private final ConcurrentHashMap<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final long ttlMillis;
    private final int maxEntries;
    private final Clock clock;

    public ExpiringCache(Duration ttl, int maxEntries, Clock clock) {
        this.ttlMillis = ttl.toMillis();
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    /** The cached value, or the loader's answer (absence is cached too, so unknown secrets cost one query per TTL). */
    public Optional<V> get(K key, Function<K, Optional<V>> loader) {
        long now = clock.millis();
        Entry<V> entry = entries.get(key);
        if (entry != null && entry.expiresAtMillis() > now) {
            return entry.value();
        }
        Optional<V> value = loader.apply(key);
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
        entries.put(key, new Entry<>(value, now + ttlMillis));
        return value;
    }

    public void evict(K key) {
        entries.remove(key);
    }

    public void evictIf(java.util.function.Predicate<V> predicate) {
        entries.values().removeIf(e -> e.value().map(predicate::test).orElse(false));
    }

    public void clear() {
        entries.clear();
    }
}
