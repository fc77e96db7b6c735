package dev.flotilla.sim.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * CPU time and resident memory of a process, or of a process and its children (PostgreSQL's postmaster and its
 * backends), read from {@code /proc}. CPU is in clock ticks of 1/100 s (Linux's USER_HZ).
 */
final class ProcessMeter {

    private static final double TICKS_PER_SECOND = 100.0;

    private final List<Long> roots;
    private final boolean withChildren;

    ProcessMeter(long pid, boolean withChildren) {
        this(List.of(pid), withChildren);
    }

    /** Several processes metered as one (the replicas of a two-replica run): their CPU and RSS summed. */
    ProcessMeter(List<Long> pids, boolean withChildren) {
        this.roots = List.copyOf(pids);
        this.withChildren = withChildren;
    }

    /**
     * One reading: total CPU seconds so far and resident bytes now; {@code jitCpuSeconds} is the part of the CPU
     * spent so far by the JVM's JIT compiler threads (HotSpot's "C1/C2 CompilerThread<n>"), 0 for other processes.
     */
    record Reading(double cpuSeconds, double jitCpuSeconds, long rssBytes, long pssBytes, long nanos) {
        /** Average cores used between {@code earlier} and this reading. */
        double coresSince(Reading earlier) {
            return (cpuSeconds - earlier.cpuSeconds) / ((nanos - earlier.nanos) / 1e9);
        }
    }

    /** The first metered process. */
    long pid() {
        return roots.get(0);
    }

    List<Long> roots() {
        return roots;
    }

    Reading read() {
        long ticks = 0;
        long jitTicks = 0;
        long rss = 0;
        long pss = 0;
        for (long p : pids()) {
            ticks += cpuTicks(p);
            rss += kilobytes(p, "status", "VmRSS:");
            pss += kilobytes(p, "smaps_rollup", "Pss:");
        }
        for (long p : roots) {
            jitTicks += compilerTicks(p);
        }
        return new Reading(ticks / TICKS_PER_SECOND, jitTicks / TICKS_PER_SECOND, rss, pss, System.nanoTime());
    }

    /**
     * CPU ticks of a JVM's JIT compiler threads, from each thread's {@code /proc/<pid>/task/<tid>/stat}: HotSpot
     * names them "C1 CompilerThread<n>" and "C2 CompilerThread<n>", which the kernel cuts to 15 characters.
     */
    private static long compilerTicks(long p) {
        long ticks = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(p), "task"))) {
            for (Path task : tasks.toList()) {
                String stat = stat(task.resolve("stat"));   // empty: the thread ended meanwhile
                String name = stat.isEmpty() ? "" : stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                    ticks += ticks(fields(stat));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process is gone: its compilers count nothing more
        }
        return ticks;
    }

    private List<Long> pids() {
        List<Long> pids = new ArrayList<>(roots);
        if (withChildren) {
            try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
                procs.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                        .map(Long::parseLong).filter(p -> roots.contains(parent(p))).forEach(pids::add);
            } catch (IOException e) {
                throw new IllegalStateException("cannot list /proc", e);
            }
        }
        return pids;
    }

    /** A process's or thread's {@code stat} file; empty if it is gone. */
    private static String stat(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** Fields after the command name (which may hold spaces) of a {@code stat} file; empty for an empty one. */
    private static String[] fields(String stat) {
        int end = stat.lastIndexOf(')');
        return end < 0 ? new String[0] : stat.substring(end + 2).split(" ");
    }

    private static String[] statFields(long p) {
        return fields(stat(Path.of("/proc", Long.toString(p), "stat")));
    }

    /** utime and stime: fields 14 and 15 of stat, index 11 and 12 after the command name. */
    private static long ticks(String[] f) {
        return f.length > 12 ? Long.parseLong(f[11]) + Long.parseLong(f[12]) : 0;
    }

    private static long parent(long p) {
        String[] f = statFields(p);
        return f.length > 1 ? Long.parseLong(f[1]) : -1;
    }

    private static long cpuTicks(long p) {
        return ticks(statFields(p));
    }

    /** A kB line of a /proc file, in bytes: RSS counts shared buffers in every backend, PSS shares them out. */
    private static long kilobytes(long p, String file, String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(p), file))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended between listing and reading
        }
        return 0;
    }
}
