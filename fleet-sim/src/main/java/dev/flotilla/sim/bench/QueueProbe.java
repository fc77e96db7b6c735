package dev.flotilla.sim.bench;

import java.util.concurrent.Executor;

/**
 * How long a task waits in the simulated agents' executor before a thread runs it, sampled while a rollout runs: every
 * {@link #EVERY_MILLIS} ms an empty task is handed to the executor the agents' HTTP clients and poll callbacks use,
 * and the time until it starts is recorded. An agent's answer from the meta-controller waits as long (once for every
 * step the HTTP client hands to the executor) before the agent applies its work, so the dispatch latency measured at
 * the agents splits into the service's part and the simulator's queue (docs/benchmarks.md).
 */
final class QueueProbe {

    static final long EVERY_MILLIS = 20;

    private final Executor executor;
    private final Latencies waits = new Latencies();
    private volatile boolean running = true;
    private Thread thread;

    QueueProbe(Executor executor) {
        this.executor = executor;
    }

    QueueProbe start() {
        thread = new Thread(this::loop, "bench-queue-probe");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    private void loop() {
        while (running) {
            long handed = System.nanoTime();
            try {
                executor.execute(() -> waits.add((System.nanoTime() - handed) / 1e6));
                Thread.sleep(EVERY_MILLIS);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // the executor is shutting down: the samples so far stand
                return;
            }
        }
    }

    /** Stops sampling; the waits of the tasks that ran, in milliseconds. */
    Latencies stop() {
        running = false;
        thread.interrupt();
        return waits;
    }
}
