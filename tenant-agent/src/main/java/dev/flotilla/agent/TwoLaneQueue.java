package dev.flotilla.agent;

import java.util.AbstractQueue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A work queue of two FIFO lanes: a task of the background lane ({@link #offerBackground}) is taken only while the
 * first lane ({@link #offer}) is empty. {@link AgentScheduler}'s threads take from it, so an answer from the
 * meta-controller (the HTTP client's steps and the agent's callbacks) never waits behind the periodic ticks of
 * thousands of other agents of the same runtime.
 */
final class TwoLaneQueue extends AbstractQueue<Runnable> implements BlockingQueue<Runnable> {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final ArrayDeque<Runnable> first = new ArrayDeque<>();
    private final ArrayDeque<Runnable> background = new ArrayDeque<>();

    /** Queues a task of the first lane. */
    @Override
    public boolean offer(Runnable task) {
        return enqueue(first, task);
    }

    /** Queues a task that runs once the first lane is empty. */
    boolean offerBackground(Runnable task) {
        return enqueue(background, task);
    }

    private boolean enqueue(ArrayDeque<Runnable> lane, Runnable task) {
        if (task == null) {
            throw new NullPointerException("task");
        }
        lock.lock();
        try {
            lane.addLast(task);
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void put(Runnable task) {
        offer(task);
    }

    @Override
    public boolean offer(Runnable task, long timeout, TimeUnit unit) {
        return offer(task);
    }

    /** The next task, first lane first; null if both are empty. Under the lock. */
    private Runnable next() {
        Runnable task = first.pollFirst();
        return task != null ? task : background.pollFirst();
    }

    @Override
    public Runnable poll() {
        lock.lock();
        try {
            return next();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Runnable take() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            Runnable task;
            while ((task = next()) == null) {
                notEmpty.await();
            }
            return task;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Runnable poll(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            Runnable task;
            while ((task = next()) == null) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            return task;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Runnable peek() {
        lock.lock();
        try {
            Runnable task = first.peekFirst();
            return task != null ? task : background.peekFirst();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int size() {
        lock.lock();
        try {
            return first.size() + background.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int remainingCapacity() {
        return Integer.MAX_VALUE;
    }

    @Override
    public boolean remove(Object task) {
        lock.lock();
        try {
            return first.remove(task) || background.remove(task);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int drainTo(Collection<? super Runnable> sink) {
        return drainTo(sink, Integer.MAX_VALUE);
    }

    @Override
    public int drainTo(Collection<? super Runnable> sink, int max) {
        lock.lock();
        try {
            int n = 0;
            Runnable task;
            while (n < max && (task = next()) != null) {
                sink.add(task);
                n++;
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** A snapshot, first lane first; it does not remove. */
    @Override
    public Iterator<Runnable> iterator() {
        lock.lock();
        try {
            List<Runnable> all = new ArrayList<>(first.size() + background.size());
            all.addAll(first);
            all.addAll(background);
            return Collections.unmodifiableList(all).iterator();
        } finally {
            lock.unlock();
        }
    }
}
