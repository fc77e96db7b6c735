package dev.flotilla.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The agents' scheduler: timed tasks (reconcile ticks, retries, the next poll) wait in the delay queue of a
 * {@link ScheduledThreadPoolExecutor}, while tasks to run now ({@link #execute}: HTTP callbacks, a kicked reconcile,
 * completion stages) go to a plain FIFO queue with threads of their own. The delay queue is a binary heap, and every
 * task through it costs a sift over that heap: 11% of the simulator's CPU samples during a 10,000-cluster rollout
 * when every HTTP callback went through it, 13.5% when it held one tick per agent (the agents' ticks now share one
 * entry per interval, {@link TickGroup}).
 *
 * <p>The ticks themselves and the agents' report sends ({@link #executeBackground}, {@code AgentRuntime.later}) wait
 * in a lane of their own that the threads take from only while no other task waits ({@link TwoLaneQueue}): with
 * thousands of agents on one runtime, an agent's answer from the meta-controller (every step of it the HTTP client
 * hands to this executor) otherwise queued behind up to one tick per agent, and behind the reports of the agents
 * answered before it.
 */
final class AgentScheduler extends ScheduledThreadPoolExecutor {

    private final TwoLaneQueue lanes = new TwoLaneQueue();
    private final ThreadPoolExecutor now;

    AgentScheduler(int threads, ThreadFactory factory) {
        super(threads, factory);
        setRemoveOnCancelPolicy(true);
        this.now = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, lanes, factory);
        // background tasks go straight to the queue (executeBackground): its threads must be there to take them
        now.prestartAllCoreThreads();
    }

    /** Runs the task as soon as a thread is free, in submission order, without going through the delay queue. */
    @Override
    public void execute(Runnable command) {
        now.execute(command);
    }

    /**
     * Runs the task once a thread is free and no task handed to {@link #execute} waits, in submission order among
     * such tasks.
     *
     * @throws RejectedExecutionException once the scheduler is shut down
     */
    void executeBackground(Runnable command) {
        if (now.isShutdown()) {
            throw new RejectedExecutionException("the agent scheduler is shut down");
        }
        lanes.offerBackground(command);
    }

    @Override
    public void shutdown() {
        super.shutdown();
        now.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        List<Runnable> pending = new ArrayList<>(super.shutdownNow());
        pending.addAll(now.shutdownNow());
        return pending;
    }

    @Override
    public boolean isTerminated() {
        return super.isTerminated() && now.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        return super.awaitTermination(timeout, unit)
                && now.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
}
