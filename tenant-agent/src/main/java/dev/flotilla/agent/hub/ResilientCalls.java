package dev.flotilla.agent.hub;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent's calls to the meta-controller behind its own retry and circuit breaker, scheduled on the shared
 * scheduler (a wait between attempts holds no thread). Logs once when the meta-controller becomes unreachable and
 * once when it is back, not on every attempt: ten thousand agents in an outage must not flood the log. A call the
 * meta-controller sheds (503/429 with {@code Retry-After}) waits as asked and does not count as unreachable.
 */
final class ResilientCalls {

    private static final Logger log = LoggerFactory.getLogger(ResilientCalls.class);

    private final String name;
    private final ScheduledExecutorService scheduler;
    private final Retry retry;
    private final CircuitBreaker breaker;
    private final BooleanSupplier running;
    private final AtomicBoolean reachable = new AtomicBoolean(true);
    private final AtomicBoolean busy = new AtomicBoolean();

    ResilientCalls(String name, HubResilience resilience, ScheduledExecutorService scheduler, BooleanSupplier running) {
        this.name = name;
        this.scheduler = scheduler;
        this.retry = resilience.retry(name);
        this.breaker = resilience.breaker(name);
        this.running = running;
        retry.getEventPublisher().onRetry(e -> {
            if (HubResilience.throttled(e.getLastThrowable()).isPresent()) {
                busy(e.getWaitInterval().toMillis());
            } else {
                unreachable(e.getLastThrowable(), e.getWaitInterval().toMillis());
            }
        });
    }

    <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> call) {
        return retry.executeCompletionStage(scheduler, () -> {
            if (!running.getAsBoolean()) {
                return CompletableFuture.<T>failedFuture(new CancellationException("agent stopped"));
            }
            return breaker.executeCompletionStage(call::get).thenApply(value -> {
                reachable();
                return value;
            });
        }).toCompletableFuture();
    }

    boolean reachable() {
        busy.set(false);
        if (reachable.compareAndSet(false, true)) {
            log.info("agent {}: meta-controller reachable again", name);
        }
        return true;
    }

    boolean isReachable() {
        return reachable.get();
    }

    /**
     * Shedding load is an answer: the meta-controller stays reachable. Logged at debug once until a call gets through
     * (the meta-controller counts what it sheds; a fleet of agents must not flood the log with it).
     */
    private void busy(long waitMillis) {
        if (busy.compareAndSet(false, true)) {
            log.debug("agent {}: meta-controller busy (503/429 with Retry-After), trying again in {} ms as it asked",
                    name, waitMillis);
        }
    }

    private void unreachable(Throwable cause, long waitMillis) {
        if (reachable.compareAndSet(true, false)) {
            log.warn("agent {}: meta-controller unreachable, retrying with backoff (next in {} ms): {}", name,
                    waitMillis, cause == null ? "" : HubResilience.unwrap(cause).getMessage());
        }
    }
}
