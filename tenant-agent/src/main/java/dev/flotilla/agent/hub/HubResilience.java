package dev.flotilla.agent.hub;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.concurrent.CompletionException;

/**
 * Retry and circuit-breaker settings shared by every agent of a JVM; each agent gets its own instances, since each
 * sees the meta-controller on its own. Retries never give up (an agent has nothing better to do than reconnect):
 * exponential backoff with jitter, so ten thousand agents do not come back in step.
 */
public final class HubResilience {

    private final RetryConfig retryConfig;
    private final CircuitBreakerConfig breakerConfig;

    public HubResilience(Duration initialBackoff, Duration maxBackoff) {
        this.retryConfig = RetryConfig.custom()
                .maxAttempts(Integer.MAX_VALUE)
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(initialBackoff, 2.0, 0.5, maxBackoff))
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
                .recordException(e -> unwrap(e) instanceof HubException.Unavailable)
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

    static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
