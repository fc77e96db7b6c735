package dev.flotilla.agent.hub;

import dev.flotilla.api.agent.StatusReport;
import dev.flotilla.api.agent.StatusReports;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiPredicate;
import java.util.function.Supplier;

/**
 * Sends buffered reports oldest first, one call at a time, so they arrive in the order they were made; a batch
 * leaves the buffer only once the meta-controller took it.
 */
final class ReportDelivery {

    private static final int REPORTS_PER_CALL = 100;

    private final HubClient client;
    private final ResilientCalls calls;
    private final ReportBuffer reports;
    private final ScheduledExecutorService scheduler;
    private final Supplier<String> token;
    private final BiPredicate<String, Throwable> refused;
    private final AtomicBoolean sending = new AtomicBoolean();
    /** Run once the buffer is empty and no call is in flight (see {@link #whenIdle}). */
    private final Queue<Runnable> idleWaiters = new ConcurrentLinkedQueue<>();

    /**
     * @param token the agent token, null while there is none
     * @param refused handles a failure retries did not cure; true when delivery should carry on
     */
    ReportDelivery(HubClient client, ResilientCalls calls, ReportBuffer reports, ScheduledExecutorService scheduler,
            Supplier<String> token, BiPredicate<String, Throwable> refused) {
        this.client = client;
        this.calls = calls;
        this.reports = reports;
        this.scheduler = scheduler;
        this.token = token;
        this.refused = refused;
    }

    void flush() {
        String current = token.get();
        if (current == null || !sending.compareAndSet(false, true)) {
            return;
        }
        List<StatusReport> batch = reports.oldest(REPORTS_PER_CALL);
        if (batch.isEmpty()) {
            sending.set(false);
            if (reports.size() > 0) {
                flush();
            } else {
                runIdleWaiters();
            }
            return;
        }
        calls.call(() -> client.report(current, new StatusReports(batch)))
                .whenCompleteAsync((ok, error) -> sent(batch, error), scheduler);
    }

    /**
     * Runs {@code action} (on the calling thread or the one that delivered the last report) once every buffered
     * report was taken and no call is in flight: at once if that is already so. An action waiting while delivery
     * keeps failing waits until it succeeds; callers bound their wait themselves.
     */
    void whenIdle(Runnable action) {
        idleWaiters.add(action);
        if (idle()) {
            runIdleWaiters();
        }
    }

    private boolean idle() {
        return !sending.get() && reports.size() == 0;
    }

    private void runIdleWaiters() {
        // re-checked per waiter: a report made meanwhile starts a send, and its waiters wait for that one too
        while (idle()) {
            Runnable next = idleWaiters.poll();
            if (next == null) {
                return;
            }
            next.run();
        }
    }

    private void sent(List<StatusReport> batch, Throwable error) {
        sending.set(false);
        if (error == null) {
            reports.delivered(batch);
            flush();
        } else if (refused.test("status report", error)) {
            if (HubResilience.unwrap(error) instanceof HubException.Rejected) {
                // a refused batch would be refused forever: dropped (and logged) so later reports get through
                reports.delivered(batch);
                flush();
            } else {
                scheduler.schedule(this::flush, 5, TimeUnit.SECONDS);
            }
        }
    }
}
