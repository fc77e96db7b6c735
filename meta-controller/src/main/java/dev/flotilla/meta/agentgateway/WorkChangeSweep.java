package dev.flotilla.meta.agentgateway;

import dev.flotilla.meta.config.FlotillaProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Notices work changed on other replicas: every {@code work-sweep-interval} it reads the clusters whose
 * {@code cluster_work.changed_at} moved and wakes their polls. {@code changed_at} is set to its transaction's
 * start time, which may be well before the commit, so each sweep reads from the start of the oldest transaction
 * that was open at the last one ({@link WorkGenerations#changedSince}), at most {@link #LOOK_BACK} before it; only
 * generations that really grew wake anyone. A change committed later still than that is delivered by the poll's
 * timeout answer, which re-reads the generation.
 */
@Component
class WorkChangeSweep implements SmartLifecycle {

    static final Duration LOOK_BACK = Duration.ofSeconds(10);

    private final WorkGenerations generations;
    private final WorkPolls polls;
    private final GatewayExecutors executors;
    private final Duration interval;
    /** Where the next sweep starts reading; null before the first. */
    private volatile Instant nextSince;
    private volatile ScheduledFuture<?> job;

    WorkChangeSweep(WorkGenerations generations, WorkPolls polls, GatewayExecutors executors,
            FlotillaProperties properties) {
        this.generations = generations;
        this.polls = polls;
        this.executors = executors;
        this.interval = properties.agent().workSweepInterval();
    }

    void sweep() {
        // before the first sweep nothing is cached here, so nothing older needs waking
        Instant since = nextSince == null ? Instant.now().minus(LOOK_BACK) : nextSince;
        WorkGenerations.Changes changes = generations.changedSince(since);
        nextSince = changes.nextSince();
        if (!changes.generations().isEmpty()) {
            polls.wake(changes.generations());
        }
    }

    @Override
    public void start() {
        job = executors.every(interval, "work change sweep", this::sweep);
    }

    @Override
    public void stop() {
        ScheduledFuture<?> running = job;
        if (running != null) {
            running.cancel(false);
        }
        job = null;
    }

    @Override
    public boolean isRunning() {
        return job != null;
    }
}
