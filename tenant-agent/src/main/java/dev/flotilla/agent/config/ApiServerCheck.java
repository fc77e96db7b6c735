package dev.flotilla.agent.config;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the cluster's API server for its version every few seconds, on a thread of its own (a hung API server must
 * not hold the agent's two shared threads), and keeps the last answer for the readiness probe. {@code /version} is
 * readable by every authenticated user (the {@code system:public-info-viewer} ClusterRole): no extra RBAC.
 */
final class ApiServerCheck implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ApiServerCheck.class);

    /** The last check: when, and the version or what went wrong; reachable is null before the first. */
    record State(Boolean reachable, Instant at, String detail) {
    }

    private final Supplier<String> version;
    private final Duration every;
    private final Clock clock;
    private final ScheduledExecutorService thread;
    private volatile State state = new State(null, null, "not checked yet");

    ApiServerCheck(Supplier<String> version, Duration every, Clock clock) {
        this.version = version;
        this.every = every;
        this.clock = clock;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "flotilla-agent-apiserver-check");
            t.setDaemon(true);
            return t;
        });
    }

    void start() {
        thread.scheduleWithFixedDelay(this::check, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    State state() {
        return state;
    }

    void check() {
        State before = state;
        try {
            state = new State(true, clock.instant(), version.get());
        } catch (RuntimeException e) {
            state = new State(false, clock.instant(), describe(e));
        }
        if (!state.reachable().equals(before.reachable())) {
            if (state.reachable()) {
                log.info("the cluster's API server answers (version {})", state.detail());
            } else {
                log.warn("the cluster's API server does not answer: {}", state.detail());
            }
        }
    }

    /** fabric8 wraps the cause in "An error has occurred.": name the cause too. */
    private static String describe(RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Throwable cause = e.getCause();
        return cause == null || cause.getMessage() == null ? message : message + " (" + cause.getMessage() + ")";
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
