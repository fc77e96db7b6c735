package dev.flotilla.sim.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the simulator's own threads at a lower CPU priority than the processes it measures (the benchmark's
 * {@code --simulator-nice}, {@code SIM_NICE} of bench/run.sh): the simulated fleet stands for thousands of machines
 * that are not the meta-controller's, so on the one machine of the benchmark it takes the CPU the meta-controller,
 * PostgreSQL and the portal probe leave, instead of an equal share of it per thread. Linux keeps a nice value per
 * thread and a new thread or process starts with its creator's, so every thread of this JVM is reniced (again every
 * {@link #SWEEP_SECONDS}, for threads made since) except one, the spawner, which starts the meta-controller and the
 * portal probe ({@link #spawn}): they run at the nice the benchmark was started with. Raising a nice value needs no
 * privilege; it is done with {@code renice}, as the JDK has no call for it.
 */
final class Background {

    static final String SPAWNER = "bench-spawner";
    static final int SWEEP_SECONDS = 5;

    private static final ExecutorService SPAWNER_THREAD = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, SPAWNER);
        thread.setDaemon(true);
        return thread;
    });

    private static volatile ScheduledExecutorService sweeper;
    private static volatile int nice;

    private Background() {
    }

    /**
     * From now on, every thread of this JVM but the spawner runs at {@code niceValue} (0: nothing changes). Returns
     * how many threads the first pass reniced; throws if {@code renice} failed, so a benchmark that asked for it does
     * not run without it.
     */
    static synchronized int lower(int niceValue) {
        if (niceValue <= 0) {
            return 0;
        }
        nice = niceValue;
        spawnerThreadId(); // the spawner exists before the first pass, at the nice the JVM started with
        int first = renice();
        if (first == 0) {
            throw new IllegalStateException("--simulator-nice=" + niceValue + ": no thread of this JVM was found in "
                    + "/proc/self/task");
        }
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "bench-renice");
            thread.setDaemon(true);
            return thread;
        });
        sweeper.scheduleWithFixedDelay(() -> {
            try {
                renice();
            } catch (RuntimeException e) {
                System.err.println("simulator nice: " + e.getMessage());
            }
        }, SWEEP_SECONDS, SWEEP_SECONDS, TimeUnit.SECONDS);
        return first;
    }

    /** The nice value the simulator's threads are kept at (0 when {@link #lower} was not asked for). */
    static int nice() {
        return nice;
    }

    /**
     * Runs {@code start} (which starts a child process) on the spawner thread, so the child runs at the nice the
     * benchmark was started with, not at the simulator's.
     */
    static <T> T spawn(Callable<T> start) throws Exception {
        Future<T> started = SPAWNER_THREAD.submit(start);
        try {
            return started.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static String spawnerThreadId() {
        try {
            return spawn(() -> Files.readString(Path.of("/proc/thread-self/stat")).split(" ", 2)[0]);
        } catch (Exception e) {
            throw new IllegalStateException("cannot tell the spawner thread's id: " + e, e);
        }
    }

    /** Renices every thread of this JVM but the spawner to {@link #nice}; returns how many. */
    private static int renice() {
        String spawner = spawnerThreadId();
        List<String> command = new ArrayList<>(List.of("renice", "-n", Integer.toString(nice), "-p"));
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                String tid = task.getFileName().toString();
                if (!tid.equals(spawner)) {
                    command.add(tid);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list this JVM's threads: " + e, e);
        }
        int threads = command.size() - 4;
        if (threads == 0) {
            return 0;
        }
        try {
            // started from this (already reniced) thread, so renice itself runs at the simulator's nice
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            // a thread may have ended since the listing: renice then fails for that one only, and says so
            if (process.waitFor() != 0 && !output.contains("No such process")) {
                throw new IllegalStateException("renice failed: " + output.trim());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run renice: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return threads;
    }
}
