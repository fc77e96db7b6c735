package dev.flotilla.sim.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A JDK Flight Recorder recording of the meta-controller over one phase of the benchmark ({@code jcmd <pid>
 * JFR.start} / {@code JFR.stop}, the profile settings: execution samples every 10-20 ms, allocations, locks), so
 * the figures can be read with where the CPU went ({@code jfr print --events jdk.ExecutionSample}). Does nothing
 * without a directory.
 */
final class FlightRecorder {

    private final long pid;
    private final Path dir;

    FlightRecorder(long pid, String dir) {
        this.pid = pid;
        this.dir = dir == null || dir.isBlank() ? null : Path.of(dir).toAbsolutePath();
    }

    void start(String name) {
        if (dir != null) {
            jcmd("JFR.start", "name=" + name, "settings=profile");
        }
    }

    void stop(String name, int clusters) {
        if (dir != null) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new IllegalStateException("cannot create " + dir, e);
            }
            jcmd("JFR.stop", "name=" + name, "filename=" + dir.resolve(name + "-" + clusters + ".jfr"));
        }
    }

    private void jcmd(String... command) {
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
