package dev.flotilla.agent.hub;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Retry and circuit-breaker settings shared by every agent of a JVM; each agent gets its own instances, since each
 * sees the meta-controller on its own. Retries never give up (an agent has nothing better to do than reconnect):
 * exponential backoff with jitter, so ten thousand agents do not come back in step. A 503 or 429 with
 * {@code Retry-After} (the meta-controller shedding load) is retried after that wait plus up to half of it again as
 * jitter, and the circuit breaker ignores it: a busy meta-controller is not a dead one.
 */
public final class HubResilience {

    private final RetryConfig retryConfig;
    private final CircuitBreakerConfig breakerConfig;

    /** The most a Retry-After wait is lengthened, as a share of it. */
    static final double RETRY_AFTER_JITTER = 0.5;

    public HubResilience(Duration initialBackoff, Duration maxBackoff) {
        IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(initialBackoff, 2.0, 0.5, maxBackoff);
        this.retryConfig = RetryConfig.custom()
                .maxAttempts(Integer.MAX_VALUE)
                .intervalBiFunction((attempt, outcome) -> outcome.isLeft()
                        ? throttled(outcome.getLeft()).map(HubResilience::jittered)
                                .orElseGet(() -> backoff.apply(attempt))
                        : backoff.apply(attempt))
                .retryOnException(e -> retryable(unwrap(e)))
                .failAfterMaxAttempts(false)
                .build();
        this.breakerConfig = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(10)
                .minimumNumberOfCalls(5)
                .failureRateThreshold(50)
                .waitDurationInOpenState(maxBackoff)
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordException(e -> unwrap(e) instanceof HubException.Unavailable && throttled(e).isEmpty())
                .ignoreException(e -> throttled(e).isPresent())
                .build();
    }

    /** One second doubling to thirty with ±50% jitter. */
    public static HubResilience defaults() {
        return new HubResilience(Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    Retry retry(String name) {
        return Retry.of(name, retryConfig);
    }

    CircuitBreaker breaker(String name) {
        return CircuitBreaker.of(name, breakerConfig);
    }

    static boolean retryable(Throwable e) {
        return e instanceof HubException.Unavailable || e instanceof CallNotPermittedException;
    }

    /** The wait a 503 or 429 asked for, when the failure is one. */
    static Optional<Duration> throttled(Throwable e) {
        return unwrap(e) instanceof HubException.Unavailable unavailable ? unavailable.retryAfter() : Optional.empty();
    }

    /** The wait asked for plus up to {@link #RETRY_AFTER_JITTER} of it, in milliseconds; at least 100 ms. */
    static long jittered(Duration retryAfter) {
        long millis = Math.max(100, retryAfter.toMillis());
        return millis + (long) (millis * RETRY_AFTER_JITTER * ThreadLocalRandom.current().nextDouble());
    }

    static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
