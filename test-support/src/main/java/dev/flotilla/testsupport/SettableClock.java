package dev.flotilla.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** A clock tests move by hand: it stands still until set or advanced, so deadlines and window edges are exact. */
public final class SettableClock extends Clock {

    /** Where {@link #SettableClock()} starts: 2023-11-14T22:13:20Z. */
    public static final Instant DEFAULT_START = Instant.ofEpochMilli(1_700_000_000_000L);

    /** Replaces the service's clock in a Spring test context, starting at 2026-06-01T10:00:00Z. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Config {
        @Bean
        @Primary
        SettableClock settableClock() {
            return new SettableClock(Instant.parse("2026-06-01T10:00:00Z"));
        }
    }

    private final AtomicReference<Instant> now;

    public SettableClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    public SettableClock() {
        this(DEFAULT_START);
    }

    public void set(Instant instant) {
        now.set(instant);
    }

    public void advance(Duration duration) {
        now.updateAndGet(t -> t.plus(duration));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now.get();
    }
}
