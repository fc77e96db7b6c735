package dev.flotilla.meta.agentgateway;

import dev.flotilla.meta.web.FlotillaException;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit for status reports. Thousands of agents report at once when a wave finishes; one transaction
 * per request would serialize on WAL flushes and on the rows every report of a campaign touches. One writer
 * thread takes every request waiting in the queue and applies them in ONE transaction; each caller waits for
 * that commit, so a 204 still means "durably applied". A request that fails (another cluster's work, a bad
 * report) rolls the shared transaction back whole (work done in memory before commit, such as buffered history
 * events, must not survive for it) and gets its own error; the others are applied again without it. If the
 * shared commit itself fails (a deadlock), every request of the batch is retried in a transaction of its own.
 */
@Component
class StatusBatcher {

    /** Requests applied per transaction at most. */
    static final int MAX_BATCH = 256;
    private static final long WAIT_SECONDS = 60;
    private static final Logger log = LoggerFactory.getLogger(StatusBatcher.class);

    /** One agent's request: its work runs inside whatever transaction the writer holds. */
    private record Pending(Runnable work, CompletableFuture<Void> done) {
    }

    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final TransactionTemplate tx;
    private final Thread writer;
    private volatile boolean running = true;

    StatusBatcher(TransactionTemplate tx) {
        this.tx = tx;
        this.writer = new Thread(this::run, "agent-status-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Runs {@code work} in a (possibly shared) transaction and returns once it committed; rethrows its failure. */
    void apply(Runnable work) {
        Pending pending = new Pending(work, new CompletableFuture<>());
        if (!running) {
            throw new FlotillaException(FlotillaException.Problem.UNAVAILABLE, "the meta-controller is stopping");
        }
        queue.add(pending);
        try {
            pending.done().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new FlotillaException(FlotillaException.Problem.UNAVAILABLE,
                    "status reports are not being applied in time; retry");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FlotillaException(FlotillaException.Problem.UNAVAILABLE, "interrupted while applying reports");
        }
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
                queue.drainTo(batch, MAX_BATCH - 1);
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
                tx.executeWithoutResult(status -> remaining.forEach(StatusBatcher::runOrRefuse));
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
                tx.executeWithoutResult(status -> p.work().run());
                p.done().complete(null);
            } catch (RuntimeException e) {
                p.done().completeExceptionally(e);
            }
        }
    }

    private static void runOrRefuse(Pending p) {
        try {
            p.work().run();
        } catch (RuntimeException e) {
            throw new Refused(p, e);
        }
    }

    @PreDestroy
    void stop() {
        running = false;
        writer.interrupt();
        Pending left;
        while ((left = queue.poll()) != null) {
            left.done().completeExceptionally(
                    new FlotillaException(FlotillaException.Problem.UNAVAILABLE, "the meta-controller is stopping"));
        }
    }
}
