package dev.flotilla.meta.agentgateway;

import dev.flotilla.meta.config.DatabaseLane;
import dev.flotilla.meta.config.FlotillaProperties;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The gateway's own few threads, kept apart from the shared Spring scheduler so a slow job elsewhere
 * never delays a poll timeout or a heartbeat flush:
 * <ul>
 * <li>{@code timeouts}: one thread that fires every waiting poll's deadline (memory only, no I/O);</li>
 * <li>{@code periodic}: one thread for the sweeps and flushes that touch the database;</li>
 * <li>{@code answers}: a few threads that build woken polls' answers, bounding their load on the database; at
 * {@code flotilla.agent.thread-priority}, the others (short, and timing the fleet's health) at the normal one.</li>
 * </ul>
 */
@Component
class GatewayExecutors {

    static final int ANSWER_THREADS = 4;

    private static final Logger log = LoggerFactory.getLogger(GatewayExecutors.class);

    private final ScheduledThreadPoolExecutor timeouts;
    private final ScheduledExecutorService periodic;
    private final ExecutorService answers;

    GatewayExecutors(FlotillaProperties properties) {
        int priority = properties.agent().threadPriority();
        timeouts = new ScheduledThreadPoolExecutor(1, named("agent-poll-timeouts", Thread.NORM_PRIORITY));
        // a woken poll cancels its deadline: drop it from the queue at once instead of at its due time
        timeouts.setRemoveOnCancelPolicy(true);
        periodic = Executors.newSingleThreadScheduledExecutor(named("agent-gateway-sweep", Thread.NORM_PRIORITY));
        // answering woken polls is the bulk of a rollout's agent traffic: at the agent API's priority
        answers = Executors.newFixedThreadPool(ANSWER_THREADS, named("agent-work-answer", priority));
    }

    ScheduledExecutorService timeouts() {
        return timeouts;
    }

    ScheduledExecutorService periodic() {
        return periodic;
    }

    ExecutorService answers() {
        return answers;
    }

    /** Runs a database job every interval; a failure is logged and the next run still happens. */
    ScheduledFuture<?> every(Duration interval, String what, Runnable job) {
        long millis = Math.max(1, interval.toMillis());
        return periodic.scheduleWithFixedDelay(() -> {
            try {
                job.run();
            } catch (RuntimeException e) {
                log.warn("Agent gateway job '{}' failed; retrying in {} ms: {}", what, millis, e.toString());
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void shutdown() {
        timeouts.shutdownNow();
        periodic.shutdownNow();
        answers.shutdownNow();
    }

    private static ThreadFactory named(String prefix, int priority) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            // every gateway thread draws from the agent API's connections (config.DatabaseLanes)
            Thread thread = new Thread(() -> DatabaseLane.onAgentLane(runnable), prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            thread.setPriority(priority);
            return thread;
        };
    }
}
