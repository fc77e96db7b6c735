package dev.flotilla.meta.agentgateway;

import dev.flotilla.meta.config.FlotillaProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Notices work changed on other replicas: every {@code work-sweep-interval} it reads the clusters whose
 * {@code work_changed_at} moved and wakes their polls. {@code work_changed_at} is set to its transaction's
 * start time, which may be well before the commit, so each sweep looks back {@link #LOOK_BACK} before the
 * last one; only generations that really grew wake anyone. A change committed later still than that is
 * delivered by the poll's timeout answer, which re-reads the generation.
 */
@Component
class WorkChangeSweep implements SmartLifecycle {

    static final Duration LOOK_BACK = Duration.ofSeconds(10);

    private final WorkGenerations generations;
    private final WorkPolls polls;
    private final GatewayExecutors executors;
    private final Duration interval;
    private volatile Instant lastSweep;
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
        Instant since = (lastSweep == null ? Instant.now() : lastSweep).minus(LOOK_BACK);
        WorkGenerations.Changes changes = generations.changedSince(since);
        lastSweep = changes.sweptAt();
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
