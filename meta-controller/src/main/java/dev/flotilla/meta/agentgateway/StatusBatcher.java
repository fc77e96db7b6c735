package dev.flotilla.meta.agentgateway;

import dev.flotilla.meta.config.DatabaseLane;
import dev.flotilla.meta.config.FlotillaProperties;
import dev.flotilla.meta.web.FlotillaException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit for status reports. Thousands of agents report at once when a wave finishes; one transaction
 * per request would serialize on WAL flushes and on the rows every report of a campaign touches. One writer
 * thread takes every request waiting in the queue and applies them in ONE transaction; each caller waits for
 * that commit (asynchronously: the request's thread is free meanwhile), so a 204 still means "durably applied". A request that fails (another cluster's work, a bad
 * report) rolls the shared transaction back whole (work done in memory before commit, such as buffered history
 * events, must not survive for it) and gets its own error; the others are applied again without it. If the
 * shared commit itself fails (a deadlock), every request of the batch is retried in a transaction of its own.
 * Requests of one {@link Batch} (the status reports) are applied by one call for all of them, with set-based
 * statements: the writer's cost per request is then mostly the web stack's, not the database's.
 *
 * <p>Overload is answered, never left to time out: the queue holds {@code flotilla.agent.status-queue-capacity}
 * requests, and one more is refused at once; a caller whose commit does not come within
 * {@code flotilla.agent.status-commit-wait} is answered too. Both are 503 {@code overloaded} with a
 * {@code Retry-After} that grows with the queue, and count in {@code flotilla.agent.status.shed} by reason.
 */
@Component
class StatusBatcher {

    /** Requests applied per transaction at most. */
    static final int MAX_BATCH = 256;
    /**
     * While fewer requests than this are waiting, the writer waits up to {@code flotilla.agent.status-linger} for more
     * before it applies them. Reports of a fleet of independent agents come one by one: applied as they came, rollouts
     * to 10,000 clusters applied about 30 reports per transaction, each transaction with the batch's few statements;
     * with the linger about 100 (docs/benchmarks.md, change 35). A larger group is applied at once, so the wait costs
     * nothing under load.
     */
    static final int LINGER_GROUP = 64;
    /** The longest linger accepted: each report waits at most so long for company. */
    static final Duration MAX_LINGER = Duration.ofSeconds(1);
    /** Retry-After grows by a second per this many requests waiting (from 1 s, to {@link #MAX_RETRY_AFTER}). */
    private static final int REQUESTS_PER_RETRY_SECOND = 2 * MAX_BATCH;
    private static final long MAX_RETRY_AFTER = 5;
    private static final Logger log = LoggerFactory.getLogger(StatusBatcher.class);

    /**
     * Requests the writer may apply together: every request of the same {@code Batch} instance drained at once goes
     * to one {@link #applyAll} call, which applies them with set-based statements (a few statements per batch
     * instead of a few per request).
     */
    interface Batch<T> {
        /** Applies every request in the writer's transaction; refuses one by throwing {@link Refusal} naming it. */
        void applyAll(List<T> requests);
    }

    /** Thrown by {@link Batch#applyAll}: this request is refused with {@code cause}, the others are applied. */
    static final class Refusal extends RuntimeException {
        private final transient Object request;
        private final RuntimeException cause;

        Refusal(Object request, RuntimeException cause) {
            super(null, null, false, false);
            this.request = request;
            this.cause = cause;
        }
    }

    /** One agent's request: its work (or its part of a batch) runs inside whatever transaction the writer holds. */
    private record Pending(Runnable work, Batch<Object> batch, Object request, CompletableFuture<Void> done) {
    }

    private final LinkedBlockingQueue<Pending> queue;
    private final int capacity;
    private final Duration commitWait;
    private final long lingerNanos;
    private final Counter shedQueueFull;
    private final Counter shedCommitWait;
    private final TransactionTemplate tx;
    private final Thread writer;
    private volatile boolean running = true;

    @Autowired
    StatusBatcher(TransactionTemplate tx, FlotillaProperties properties, MeterRegistry meters) {
        this(tx, properties.agent().statusQueueCapacity(), properties.agent().statusCommitWait(),
                properties.agent().statusLinger(), properties.agent().threadPriority(), meters);
    }

    StatusBatcher(TransactionTemplate tx, int capacity, Duration commitWait, Duration linger, int priority,
            MeterRegistry meters) {
        if (linger.isNegative() || linger.compareTo(MAX_LINGER) > 0) {
            throw new IllegalArgumentException("flotilla.agent.status-linger must be between 0 and " + MAX_LINGER
                    + ", was " + linger);
        }
        this.tx = tx;
        this.capacity = capacity;
        this.commitWait = commitWait;
        this.lingerNanos = linger.toNanos();
        this.queue = new LinkedBlockingQueue<>(capacity);
        this.shedQueueFull = shed(meters, "queue-full");
        this.shedCommitWait = shed(meters, "commit-wait");
        Gauge.builder("flotilla.agent.status.queued", queue, LinkedBlockingQueue::size)
                .description("Status report requests waiting for the status writer").register(meters);
        this.writer = new Thread(() -> DatabaseLane.onAgentLane(this::run), "agent-status-writer");
        this.writer.setDaemon(true);
        this.writer.setPriority(priority);
        this.writer.start();
    }

    private static Counter shed(MeterRegistry meters, String reason) {
        return Counter.builder("flotilla.agent.status.shed").tag("reason", reason)
                .description("Status report requests answered 503 with Retry-After instead of being applied")
                .register(meters);
    }

    /**
     * Runs {@code work} in a (possibly shared) transaction and returns once it committed; rethrows its failure.
     * Throws a 503 {@code overloaded} problem with a Retry-After when the queue is full (nothing was applied) or the
     * commit does not come in time (taken off the queue if it was still there, else it may still be applied).
     */
    void apply(Runnable work) {
        join(submit(new Pending(work, null, null, new CompletableFuture<>())));
    }

    /** Like {@link #apply(Runnable)}, for a request applied together with the others of its {@code batch}. */
    <T> void apply(Batch<T> batch, T request) {
        join(submit(batch, request));
    }

    /**
     * Queues a request of {@code batch} and returns at once: the future completes when it committed, or fails with
     * its own error, or with the 503 {@code overloaded} problem when the commit does not come in time. A full queue
     * is refused here, by a thrown 503 (nothing was applied). No thread waits for the commit meanwhile: the agent
     * API's request threads go on serving other agents.
     */
    @SuppressWarnings("unchecked")
    <T> CompletableFuture<Void> submit(Batch<T> batch, T request) {
        return submit(new Pending(null, (Batch<Object>) batch, request, new CompletableFuture<>()));
    }

    private CompletableFuture<Void> submit(Pending pending) {
        if (!running) {
            throw stopping();
        }
        if (!queue.offer(pending)) {
            shedQueueFull.increment();
            throw new FlotillaException(FlotillaException.Problem.OVERLOADED, "the status writer is overloaded ("
                    + capacity + " requests waiting); nothing was applied: send the reports again after Retry-After")
                    .retryAfter(retryAfter());
        }
        return pending.done().orTimeout(commitWait.toMillis(), TimeUnit.MILLISECONDS).exceptionallyCompose(e -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (!(cause instanceof TimeoutException)) {
                return CompletableFuture.failedFuture(cause);
            }
            boolean unqueued = queue.remove(pending);
            shedCommitWait.increment();
            return CompletableFuture.failedFuture(new FlotillaException(FlotillaException.Problem.OVERLOADED,
                    "status reports are not being applied in time (waited " + commitWait.toMillis() + " ms); "
                    + (unqueued ? "nothing was applied" : "they may still be applied") + ": send them again after "
                    + "Retry-After (a report already applied changes nothing)").retryAfter(retryAfter()));
        });
    }

    /** How long a request waits for its commit before it is answered 503 (the future completes by then). */
    Duration commitWait() {
        return commitWait;
    }

    /** Waits for a submitted request (callers that hold their thread anyway: tests, tools). */
    private static void join(CompletableFuture<Void> done) {
        try {
            done.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FlotillaException(FlotillaException.Problem.UNAVAILABLE, "interrupted while applying reports")
                    .retryAfter(Duration.ofSeconds(1));
        }
    }

    /** 1 s, plus 1 s per {@link #REQUESTS_PER_RETRY_SECOND} requests waiting, at most {@link #MAX_RETRY_AFTER}. */
    Duration retryAfter() {
        return Duration.ofSeconds(1 + Math.min(MAX_RETRY_AFTER - 1, queue.size() / REQUESTS_PER_RETRY_SECOND));
    }

    private static FlotillaException stopping() {
        return new FlotillaException(FlotillaException.Problem.UNAVAILABLE, "the meta-controller is stopping")
                .retryAfter(Duration.ofSeconds(1));
    }

    /** Requests waiting for the writer (for metrics and tests). */
    int queued() {
        return queue.size();
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (running) {
            try {
                Pending first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                gather(batch);
                applyBatch(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("Status writer failed on a batch of {} requests", batch.size(), e);
                batch.forEach(p -> p.done().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    /**
     * Takes the waiting requests into the batch (up to {@link #MAX_BATCH}); while it holds fewer than
     * {@link #LINGER_GROUP}, waits for more until the linger has passed since the first was taken.
     */
    private void gather(List<Pending> batch) throws InterruptedException {
        queue.drainTo(batch, MAX_BATCH - batch.size());
        long deadline = System.nanoTime() + lingerNanos;
        while (batch.size() < LINGER_GROUP) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            Pending next = queue.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
                return;
            }
            batch.add(next);
            queue.drainTo(batch, MAX_BATCH - batch.size());
        }
    }

    /** One request of a shared transaction failed: the transaction is rolled back and retried without it. */
    private static final class Refused extends RuntimeException {
        private final Pending pending;
        private final RuntimeException cause;

        Refused(Pending pending, RuntimeException cause) {
            super(null, null, false, false);
            this.pending = pending;
            this.cause = cause;
        }
    }

    private void applyBatch(List<Pending> batch) {
        List<Pending> remaining = new ArrayList<>(batch);
        while (remaining.size() > 1) {
            try {
                tx.executeWithoutResult(status -> runAll(remaining));
                remaining.forEach(p -> p.done().complete(null));
                return;
            } catch (Refused refused) {
                refused.pending.done().completeExceptionally(refused.cause);
                remaining.remove(refused.pending);
            } catch (RuntimeException e) {
                log.debug("A shared status transaction of {} requests failed ({}); applying them one by one",
                        remaining.size(), e.toString());
                break;
            }
        }
        for (Pending p : remaining) {
            try {
                tx.executeWithoutResult(status -> {
                    if (p.work() != null) {
                        p.work().run();
                    } else {
                        p.batch().applyAll(List.of(p.request()));
                    }
                });
                p.done().complete(null);
            } catch (Refusal refusal) {
                p.done().completeExceptionally(refusal.cause);
            } catch (RuntimeException e) {
                p.done().completeExceptionally(e);
            }
        }
    }

    /** Plain work one request after the other, then each batch's requests together, in the first one's place. */
    private static void runAll(List<Pending> pending) {
        Map<Batch<Object>, List<Pending>> batches = new LinkedHashMap<>();
        for (Pending p : pending) {
            if (p.work() != null) {
                runOrRefuse(p);
            } else {
                batches.computeIfAbsent(p.batch(), b -> new ArrayList<>()).add(p);
            }
        }
        batches.forEach(StatusBatcher::runOrRefuse);
    }

    private static void runOrRefuse(Pending p) {
        try {
            p.work().run();
        } catch (RuntimeException e) {
            throw new Refused(p, e);
        }
    }

    private static void runOrRefuse(Batch<Object> batch, List<Pending> pending) {
        try {
            batch.applyAll(pending.stream().map(Pending::request).toList());
        } catch (Refusal refusal) {
            Pending refused = pending.stream().filter(p -> p.request() == refusal.request).findFirst()
                    .orElseThrow(() -> refusal.cause);
            throw new Refused(refused, refusal.cause);
        } catch (RuntimeException e) {
            if (pending.size() == 1) {
                throw new Refused(pending.get(0), e);
            }
            throw e;
        }
    }

    @PreDestroy
    void stop() {
        running = false;
        writer.interrupt();
        Pending left;
        while ((left = queue.poll()) != null) {
            left.done().completeExceptionally(stopping());
        }
    }
}
