package dev.flotilla.e2e;

import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills meta-controller replicas with SIGKILL at random moments and starts them again after a random while, until it
 * made its number of kills; one replica always stays up (the load balancer needs somewhere to go). {@link #hold}
 * keeps it from killing while the test does something that must not be cut (creating a campaign it must know the
 * id of).
 */
final class ReplicaKiller implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReplicaKiller.class);

    private final Replicas replicas;
    private final int kills;
    private final Random random;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile int made;

    ReplicaKiller(Replicas replicas, int kills, long seed) {
        this.replicas = replicas;
        this.kills = kills;
        this.random = new Random(seed);
        this.thread = new Thread(this::run, "replica-killer");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (made < kills) {
                Thread.sleep(1000 + random.nextInt(4000));
                lock.lock();
                try {
                    killOne();
                } finally {
                    lock.unlock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            failures.add(e);
        }
    }

    private void killOne() throws InterruptedException {
        List<Integer> alive = IntStream.range(0, replicas.size()).filter(replicas::alive).boxed().toList();
        int victim = alive.get(random.nextInt(alive.size()));
        replicas.kill(victim);
        made++;
        log.info("killed replica {} (kill {} of {})", victim, made, kills);
        Thread.sleep(500 + random.nextInt(3000));
        long restarting = System.nanoTime();
        replicas.start(victim);
        log.info("replica {} is back (healthy {} ms after its restart)", victim,
                (System.nanoTime() - restarting) / 1_000_000);
    }

    /** Runs {@code action} while no replica is being killed or restarted (every replica up). */
    void hold(Runnable action) {
        lock.lock();
        try {
            action.run();
        } finally {
            lock.unlock();
        }
    }

    int made() {
        return made;
    }

    boolean done() {
        return !thread.isAlive();
    }

    List<Throwable> failures() {
        return List.copyOf(failures);
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(180_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
