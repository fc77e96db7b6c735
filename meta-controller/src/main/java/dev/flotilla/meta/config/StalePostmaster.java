package dev.flotilla.meta.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clears what a meta-controller that died without stopping its embedded PostgreSQL (SIGKILL, OOM kill, crash) left
 * on the data directory: the server itself, still running, or its {@code postmaster.pid}. Called with the
 * {@link DataDirectoryLock} held, so no live meta-controller owns that server. PostgreSQL's own crash recovery
 * (WAL replay) then brings the data back at the next start.
 */
final class StalePostmaster {

    private static final Logger log = LoggerFactory.getLogger(StalePostmaster.class);

    private StalePostmaster() {
    }

    /**
     * Stops a PostgreSQL still serving {@code dataDirectory} (SIGTERM, then SIGKILL after {@code timeout}) and
     * removes a {@code postmaster.pid} whose process is gone or is not that server.
     */
    static void clear(Path dataDirectory, Duration timeout) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<Long> pid = pid(pidFile);
        Optional<ProcessHandle> postmaster = pid.flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
        if (postmaster.isPresent() && servesDataDirectory(commandLine(postmaster.get()), dataDirectory)) {
            log.warn("PostgreSQL (PID {}) is still running on {}, left by a meta-controller that ended without"
                    + " stopping it (killed or crashed); stopping it", pid.get(), dataDirectory);
            stop(postmaster.get(), timeout);
        } else {
            log.info("Removing the stale {} (PID {} is not a PostgreSQL running on that directory)", pidFile,
                    pid.map(String::valueOf).orElse("unreadable"));
        }
        Files.deleteIfExists(pidFile);
    }

    /** Whether a process with this command line is a PostgreSQL server on {@code dataDirectory}. */
    static boolean servesDataDirectory(List<String> commandLine, Path dataDirectory) {
        if (commandLine.isEmpty()) {
            return false;
        }
        String program = Path.of(commandLine.get(0)).getFileName().toString();
        if (!program.equals("postgres") && !program.equals("postgres.exe") && !program.equals("postmaster")) {
            return false;
        }
        int d = commandLine.indexOf("-D");
        if (d < 0 || d + 1 >= commandLine.size()) {
            return true; // PGDATA in its environment: its postmaster.pid in this directory names it
        }
        return sameDirectory(Path.of(commandLine.get(d + 1)), dataDirectory);
    }

    private static boolean sameDirectory(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }

    private static Optional<Long> pid(Path pidFile) {
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The process's arguments: {@code /proc/<pid>/cmdline} on Linux, what the JDK can tell elsewhere. */
    private static List<String> commandLine(ProcessHandle process) {
        Path proc = Path.of("/proc", Long.toString(process.pid()), "cmdline");
        try {
            if (Files.isReadable(proc)) {
                String raw = Files.readString(proc, StandardCharsets.UTF_8);
                return raw.isEmpty() ? List.of() : Arrays.asList(raw.split("\0"));
            }
        } catch (IOException e) {
            // the process ended meanwhile, or /proc is not readable: ask the JDK
        }
        List<String> commandLine = new ArrayList<>();
        process.info().command().ifPresent(commandLine::add);
        process.info().arguments().ifPresent(arguments -> commandLine.addAll(Arrays.asList(arguments)));
        return commandLine;
    }

    /**
     * SIGTERM (PostgreSQL's smart shutdown: its clients died with the JVM, so it checkpoints and exits), then
     * SIGKILL for it and its backends after {@code timeout}; returns once they are gone.
     */
    private static void stop(ProcessHandle postmaster, Duration timeout) {
        List<ProcessHandle> backends = postmaster.children().toList();
        long started = System.nanoTime();
        postmaster.destroy();
        if (!exited(postmaster, timeout)) {
            log.warn("PostgreSQL (PID {}) did not stop within {}; killing it", postmaster.pid(), timeout);
            postmaster.destroyForcibly();
            backends.forEach(ProcessHandle::destroyForcibly);
            if (!exited(postmaster, Duration.ofSeconds(10))) {
                throw new DatabaseStartRefused("PostgreSQL (PID " + postmaster.pid() + ") still runs on the"
                        + " embedded database's directory and could not be stopped.",
                        "Stop it by hand (kill " + postmaster.pid() + ") and start the meta-controller again.");
            }
        }
        // its shared memory is free for a new server only once every backend is gone too
        backends.forEach(backend -> exited(backend, Duration.ofSeconds(10)));
        log.info("Stopped the stale PostgreSQL (PID {}) in {} ms", postmaster.pid(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private static boolean exited(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return !process.isAlive();
        } catch (ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}
