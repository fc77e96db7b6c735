package dev.flotilla.meta.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class KeyedRateLimiterTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }

    @Test
    void grantsTheBurstAtOnceThenTheRateAndSaysHowLongToWait() {
        KeyedRateLimiter limiter = new KeyedRateLimiter(2, 3, 100, nanos::get);

        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire("a")).isZero();
        }
        Duration wait = limiter.acquire("a");

        assertThat(wait).isEqualTo(Duration.ofMillis(500)); // 2 per second: the next permit in half a second
        advance(Duration.ofMillis(499));
        assertThat(limiter.acquire("a")).isPositive();
        advance(Duration.ofMillis(1));
        assertThat(limiter.acquire("a")).isZero();
        assertThat(limiter.acquire("a")).isPositive();
    }

    @Test
    void eachKeyHasItsOwnBucket() {
        KeyedRateLimiter limiter = new KeyedRateLimiter(1, 1, 100, nanos::get);

        assertThat(limiter.acquire("portal-a")).isZero();
        assertThat(limiter.acquire("portal-a")).isPositive();

        assertThat(limiter.acquire("portal-b")).isZero();
    }

    @Test
    void refillsNoFurtherThanTheBurst() {
        KeyedRateLimiter limiter = new KeyedRateLimiter(10, 2, 100, nanos::get);
        limiter.acquire("a");

        advance(Duration.ofHours(1));

        assertThat(limiter.acquire("a")).isZero();
        assertThat(limiter.acquire("a")).isZero();
        assertThat(limiter.acquire("a")).isPositive();
    }

    @Test
    void dropsIdleBucketsOnceTheBoundIsReachedAndKeepsBusyOnes() {
        KeyedRateLimiter limiter = new KeyedRateLimiter(1, 1, 100, nanos::get);
        for (int i = 0; i < 99; i++) {
            limiter.acquire("idle-" + i);
        }
        advance(Duration.ofSeconds(2)); // every bucket refilled: the same as a new one
        limiter.acquire("busy");
        assertThat(limiter.size()).isEqualTo(100);

        limiter.acquire("new"); // over the bound: the full buckets go, "busy" (empty) stays

        assertThat(limiter.size()).isEqualTo(2);
        assertThat(limiter.acquire("busy")).isPositive();
    }

    @Test
    void refusesSettingsThatWouldLetNothingThrough() {
        assertThatThrownBy(() -> new KeyedRateLimiter(0, 1, 100, nanos::get))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeyedRateLimiter(1, 0, 100, nanos::get))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
