package dev.flotilla.agent.hub;

import dev.flotilla.api.agent.ClusterFacts;
import dev.flotilla.api.agent.StatusReport;
import dev.flotilla.api.agent.StatusReports;
import dev.flotilla.api.agent.WorkResponse;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent's conversation with the meta-controller: register (or reuse the stored agent token), push facts when
 * they change, long-poll the work, and deliver buffered reports in order. Every call is asynchronous and retried
 * with backoff behind a circuit breaker; callbacks run on the shared scheduler.
 */
public final class HubSession {

    private static final Logger log = LoggerFactory.getLogger(HubSession.class);
    private static final int REPORTS_PER_CALL = 100;

    private final String name;
    private final HubClient client;
    private final ScheduledExecutorService scheduler;
    private final TokenStore tokens;
    private final String bootstrapToken;
    private final Supplier<ClusterFacts> facts;
    private final Consumer<WorkResponse> onWork;
    private final ReportBuffer reports;
    private final Retry retry;
    private final CircuitBreaker breaker;
    private final AtomicBoolean flushing = new AtomicBoolean();
    private final AtomicBoolean reachable = new AtomicBoolean(true);
    private final CompletableFuture<Void> failure = new CompletableFuture<>();
    private volatile boolean running;
    private volatile String token;
    private volatile long generation;
    private volatile int pollTimeoutSeconds;
    private volatile ClusterFacts pushedFacts;
    private volatile CompletableFuture<WorkResponse> poll;

    /**
     * @param name the agent's name in logs (the cluster, once known)
     * @param bootstrapToken the one-time registration token; may be null when a token is stored
     * @param facts the cluster's current facts (called on the scheduler; may read the cluster)
     * @param onWork receives every work answer
     */
    public HubSession(String name, HubClient client, HubResilience resilience, ScheduledExecutorService scheduler,
            TokenStore tokens, String bootstrapToken, int pollTimeoutSeconds, Supplier<ClusterFacts> facts,
            Consumer<WorkResponse> onWork, ReportBuffer reports) {
        this.name = name;
        this.client = client;
        this.scheduler = scheduler;
        this.tokens = tokens;
        this.bootstrapToken = bootstrapToken;
        this.pollTimeoutSeconds = pollTimeoutSeconds;
        this.facts = facts;
        this.onWork = onWork;
        this.reports = reports;
        this.retry = resilience.retry(name);
        this.breaker = resilience.breaker(name);
        retry.getEventPublisher().onRetry(e -> unreachable(e.getLastThrowable(), e.getWaitInterval().toMillis()));
    }

    public void start() {
        running = true;
        scheduler.execute(this::connect);
    }

    public void stop() {
        running = false;
        CompletableFuture<WorkResponse> current = poll;
        if (current != null) {
            current.cancel(true);
        }
    }

    /** Completes exceptionally when the agent cannot go on (its tokens were refused). */
    public CompletableFuture<Void> failure() {
        return failure;
    }

    public boolean connected() {
        return token != null && reachable.get();
    }

    private void connect() {
        Optional<String> stored = load();
        if (stored.isPresent()) {
            token = stored.get();
            online();
        } else if (bootstrapToken == null || bootstrapToken.isBlank()) {
            fail("no agent token is stored and no bootstrap token is configured");
        } else {
            register();
        }
    }

    private void register() {
        ClusterFacts current;
        try {
            current = facts.get();
        } catch (RuntimeException e) {
            // the cluster's API may be down too: registration waits for it
            log.warn("agent {}: cannot discover the cluster facts, trying again in 10 s: {}", name, e.toString());
            scheduler.schedule(this::register, 10, TimeUnit.SECONDS);
            return;
        }
        resilient(() -> client.register(bootstrapToken, current)).whenCompleteAsync((answer, error) -> {
            if (error == null) {
                tokens.save(answer.agentToken());
                token = answer.agentToken();
                pollTimeoutSeconds = answer.pollTimeoutSeconds() > 0 ? answer.pollTimeoutSeconds()
                        : pollTimeoutSeconds;
                pushedFacts = current;
                log.info("agent {} registered as cluster {}", name, answer.cluster());
                online();
            } else if (HubResilience.unwrap(error) instanceof HubException.Unauthorized) {
                Optional<String> stored = load().filter(t -> !t.equals(token));
                if (stored.isPresent()) {
                    token = stored.get();
                    online();
                } else {
                    fail("the bootstrap token was refused (used or expired) and no agent token is stored");
                }
            } else if (running && !(HubResilience.unwrap(error) instanceof CancellationException)) {
                fail("registration refused: " + HubResilience.unwrap(error).getMessage());
            }
        }, scheduler);
    }

    private void online() {
        poll();
        pushFacts();
        flush();
    }

    /** Pushes the facts if they changed since the last push; the agent calls it periodically. */
    public void pushFacts() {
        if (!running || token == null) {
            return;
        }
        ClusterFacts current;
        try {
            current = facts.get();
        } catch (RuntimeException e) {
            log.warn("agent {}: cannot discover the cluster facts: {}", name, e.toString());
            return;
        }
        if (current.equals(pushedFacts)) {
            return;
        }
        resilient(() -> client.putFacts(token, current)).whenCompleteAsync((ok, error) -> {
            if (error == null) {
                pushedFacts = current;
            } else {
                refused("facts", error);
            }
        }, scheduler);
    }

    private void poll() {
        if (!running) {
            return;
        }
        long asked = generation;
        long started = System.nanoTime();
        CompletableFuture<WorkResponse> call = resilient(() -> client.work(token, asked, pollTimeoutSeconds));
        poll = call;
        call.whenCompleteAsync((work, error) -> {
            if (error != null) {
                if (refused("work poll", error)) {
                    scheduler.schedule(this::poll, 30, TimeUnit.SECONDS);
                }
                return;
            }
            if (work != null) {
                generation = work.generation();
                onWork.accept(work);
            }
            // a meta-controller that answers at once without news must not make the agent spin
            boolean hasty = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) < 500
                    && (work == null || work.generation() == asked);
            scheduler.schedule(this::poll, hasty ? 1000 : 0, TimeUnit.MILLISECONDS);
        }, scheduler);
    }

    /** Sends the oldest buffered reports, one call at a time so they arrive in order. */
    public void flush() {
        if (!running || token == null || !flushing.compareAndSet(false, true)) {
            return;
        }
        List<StatusReport> batch = reports.oldest(REPORTS_PER_CALL);
        if (batch.isEmpty()) {
            flushing.set(false);
            if (reports.size() > 0) {
                flush();
            }
            return;
        }
        resilient(() -> client.report(token, new StatusReports(batch))).whenCompleteAsync((ok, error) -> {
            flushing.set(false);
            if (error == null) {
                reports.delivered(batch);
                flush();
            } else if (refused("status report", error)) {
                if (HubResilience.unwrap(error) instanceof HubException.Rejected) {
                    // a refused batch would be refused forever: dropped (and logged) so later reports get through
                    reports.delivered(batch);
                    flush();
                } else {
                    scheduler.schedule(this::flush, 5, TimeUnit.SECONDS);
                }
            }
        }, scheduler);
    }

    /** Handles a failure that retrying did not cure; true when the caller should carry on. */
    private boolean refused(String what, Throwable error) {
        Throwable cause = HubResilience.unwrap(error);
        if (!running || cause instanceof CancellationException) {
            return false;
        }
        if (cause instanceof HubException.Unauthorized) {
            token = null;
            if (bootstrapToken != null && !bootstrapToken.isBlank()) {
                log.warn("agent {}: agent token refused, registering again", name);
                register();
            } else {
                fail("the agent token was refused (revoked?) and no bootstrap token is configured");
            }
            return false;
        }
        log.error("agent {}: {} refused: {}", name, what, cause.getMessage());
        return true;
    }

    private <T> CompletableFuture<T> resilient(Supplier<CompletableFuture<T>> call) {
        return retry.executeCompletionStage(scheduler, () -> {
            if (!running) {
                return CompletableFuture.failedFuture(new CancellationException("agent stopped"));
            }
            return breaker.executeCompletionStage(call::get).thenApply(value -> {
                reachable();
                return value;
            });
        }).toCompletableFuture();
    }

    private void reachable() {
        if (reachable.compareAndSet(false, true)) {
            log.info("agent {}: meta-controller reachable again", name);
        }
    }

    private void unreachable(Throwable cause, long waitMillis) {
        if (reachable.compareAndSet(true, false)) {
            log.warn("agent {}: meta-controller unreachable, retrying with backoff (next in {} ms): {}", name,
                    waitMillis, cause == null ? "" : HubResilience.unwrap(cause).getMessage());
        }
    }

    private Optional<String> load() {
        try {
            return tokens.load();
        } catch (RuntimeException e) {
            log.error("agent {}: cannot read the stored agent token: {}", name, e.getMessage());
            return Optional.empty();
        }
    }

    private void fail(String reason) {
        log.error("agent {}: {}; stopping", name, reason);
        running = false;
        failure.completeExceptionally(new IllegalStateException(reason));
    }
}
