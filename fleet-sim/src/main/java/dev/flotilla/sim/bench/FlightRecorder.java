package dev.flotilla.sim.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * JDK Flight Recorder recordings of the meta-controller and of the simulator itself over one phase of the benchmark
 * ({@code jcmd <pid> JFR.start} / {@code JFR.stop}, the profile settings: execution samples every 10-20 ms,
 * allocations, locks), so the figures can be read with where the CPU went ({@code jfr print --events
 * jdk.ExecutionSample}): {@code <phase>-<clusters>.jfr} for the meta-controller, {@code sim-<phase>-<clusters>.jfr}
 * for the simulator. Does nothing without a directory.
 */
final class FlightRecorder {

    private final Map<String, Long> processes;
    private final Path dir;

    /** Records the meta-controller ({@code metaPid}) and this process. */
    FlightRecorder(long metaPid, String dir) {
        this.processes = Map.of("", metaPid, "sim-", ProcessHandle.current().pid());
        this.dir = dir == null || dir.isBlank() ? null : Path.of(dir).toAbsolutePath();
    }

    void start(String name) {
        if (dir != null) {
            processes.forEach((prefix, pid) -> jcmd(pid, "JFR.start", "name=" + name, "settings=profile"));
        }
    }

    void stop(String name, int clusters) {
        if (dir != null) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new IllegalStateException("cannot create " + dir, e);
            }
            processes.forEach((prefix, pid) -> jcmd(pid, "JFR.stop", "name=" + name,
                    "filename=" + dir.resolve(prefix + name + "-" + clusters + ".jfr")));
        }
    }

    private static void jcmd(long pid, String... command) {
        try {
            Process p = new ProcessBuilder(java.util.stream.Stream.concat(
                    List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                            Long.toString(pid)).stream(), List.of(command).stream()).toList())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor(60, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run jcmd", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
