package dev.flotilla.meta.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(10));

    @Test
    void stepsDoubleFromTheInitialWaitUpToTheMaximum() {
        assertThat(backoff.step(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.step(2)).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.step(3)).isEqualTo(Duration.ofSeconds(8));
        assertThat(backoff.step(9)).isEqualTo(Duration.ofSeconds(512));
        assertThat(backoff.step(10)).isEqualTo(Duration.ofMinutes(10));
        assertThat(backoff.step(1000)).as("no overflow however many failures").isEqualTo(Duration.ofMinutes(10));
        assertThat(backoff.step(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void jitteredDelaysStayInTheUpperHalfOfTheirStepAndSpreadOut() {
        Random random = new Random(42);
        for (int failures = 1; failures <= 15; failures++) {
            Duration step = backoff.step(failures);
            Set<Duration> seen = new HashSet<>();
            for (int i = 0; i < 200; i++) {
                Duration delay = backoff.delay(failures, random);
                assertThat(delay).isBetween(step.dividedBy(2), step);
                seen.add(delay);
            }
            assertThat(seen).as("jitter at %d failures", failures).hasSizeGreaterThan(50);
        }
    }

    @Test
    void refusesAMaximumBelowTheInitialWait() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
