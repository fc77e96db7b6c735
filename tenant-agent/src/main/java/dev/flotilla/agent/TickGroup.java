package dev.flotilla.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * The periodic ticks of every agent of a runtime that tick at the same interval, through one timer entry instead of
 * one per agent. The interval is cut into {@link #slotsFor slots}; each agent joins one at random (which spreads
 * thousands of agents' ticks over the interval, as a random first delay did), and each time the timer reaches a
 * slot it hands that slot's ticks to the runtime's executor. A tick still waiting there from the slot's last turn
 * is not handed over again, so an overloaded runtime skips ticks rather than queueing them (as a fixed delay did),
 * and a member that says it has nothing to do ({@code due}) is left out of that turn.
 *
 * <p>Why: with one {@code scheduleWithFixedDelay} per agent, the scheduler's delay queue (a binary heap) held one
 * entry per agent and every tick cost a sift over it: 13.5% of the fleet simulator's CPU samples during a
 * 10,000-cluster rollout with ticks every 500 ms (docs/benchmarks.md). A production agent is one member of one
 * group: its ticks come every interval, as before.
 */
final class TickGroup {

    /** At most this many slots per interval, and none shorter than {@link #MIN_SLOT_MILLIS}. */
    static final int MAX_SLOTS = 16;
    static final long MIN_SLOT_MILLIS = 10;

    private final Executor executor;
    private final List<Set<Member>> slots;
    private final ScheduledFuture<?> timer;
    /** The slot the timer reaches next; touched only by the timer's task, which never runs twice at once. */
    private int next;

    TickGroup(ScheduledExecutorService scheduler, Executor executor, long intervalMillis) {
        if (intervalMillis < 1) {
            throw new IllegalArgumentException("the tick interval must be at least 1 ms, was " + intervalMillis);
        }
        this.executor = executor;
        int count = slotsFor(intervalMillis);
        List<Set<Member>> made = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            made.add(ConcurrentHashMap.newKeySet());
        }
        this.slots = List.copyOf(made);
        long step = Math.max(1, intervalMillis / count);
        this.timer = scheduler.scheduleAtFixedRate(this::turn, step, step, TimeUnit.MILLISECONDS);
    }

    /** How many slots an interval is cut into: up to {@link #MAX_SLOTS}, each at least {@link #MIN_SLOT_MILLIS}. */
    static int slotsFor(long intervalMillis) {
        return (int) Math.max(1, Math.min(MAX_SLOTS, intervalMillis / MIN_SLOT_MILLIS));
    }

    /**
     * Ticks {@code task} every interval from now on, in a slot picked at random, at the turns at which {@code due}
     * says so (read on the timer's thread: it must be cheap and thread-safe); closing it stops the ticks.
     */
    AgentRuntime.Ticking join(Runnable task, BooleanSupplier due) {
        Set<Member> slot = slots.get(ThreadLocalRandom.current().nextInt(slots.size()));
        Member member = new Member(task, due, slot);
        slot.add(member);
        return member;
    }

    /** How many tasks tick in this group. */
    int members() {
        int n = 0;
        for (Set<Member> slot : slots) {
            n += slot.size();
        }
        return n;
    }

    void cancel() {
        timer.cancel(false);
    }

    /** The timer reached the next slot: its ticks are handed to the executor. */
    void turn() {
        Set<Member> slot = slots.get(next);
        next = (next + 1) % slots.size();
        for (Member member : slot) {
            member.handOver();
        }
    }

    private final class Member implements Runnable, AgentRuntime.Ticking {

        private final Runnable task;
        private final BooleanSupplier due;
        private final Set<Member> slot;
        private final AtomicBoolean waiting = new AtomicBoolean();
        private volatile boolean closed;

        Member(Runnable task, BooleanSupplier due, Set<Member> slot) {
            this.task = task;
            this.due = due;
            this.slot = slot;
        }

        void handOver() {
            if (!closed && due.getAsBoolean() && waiting.compareAndSet(false, true)) {
                try {
                    executor.execute(this);
                } catch (RuntimeException e) {
                    // the runtime is shutting down: no more ticks
                    waiting.set(false);
                }
            }
        }

        @Override
        public void run() {
            waiting.set(false);
            if (!closed) {
                task.run();
            }
        }

        @Override
        public void close() {
            closed = true;
            slot.remove(this);
        }
    }
}
