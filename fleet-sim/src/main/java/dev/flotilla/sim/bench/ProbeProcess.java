package dev.flotilla.sim.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link PortalProbe} child process: started with a small heap and the serial collector, told the rollout on
 * stdin, stopped by closing stdin; its answers are read into the latencies as they come.
 */
final class ProbeProcess {

    private final Process process;
    private final AtomicInteger failures = new AtomicInteger();
    private Thread reader;

    private ProbeProcess(Process process) {
        this.process = process;
    }

    static ProbeProcess start(URI hub, String token) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of("-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        String classPath = System.getProperty("java.class.path");
        if (classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator)) {
            command.addAll(List.of("-jar", classPath));
        } else {
            command.addAll(List.of("-cp", classPath, "dev.flotilla.sim.FleetSim"));
        }
        command.addAll(List.of("probe", "--hub=" + hub, "--token=" + token));
        try {
            return new ProbeProcess(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start());
        } catch (IOException e) {
            throw new IllegalStateException("could not start the portal probe: " + command, e);
        }
    }

    /** Tells the probe which rollout to follow; its answers go into the latencies until {@link #stop()}. */
    void follow(long rolloutId, Latencies clusterPage, Latencies rolloutStatus) {
        try {
            OutputStream in = process.getOutputStream();
            in.write((rolloutId + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new IllegalStateException("the portal probe is gone", e);
        }
        reader = new Thread(() -> read(clusterPage, rolloutStatus), "bench-portal-probe-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void read(Latencies clusterPage, Latencies rolloutStatus) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("page ")) {
                    clusterPage.add(Double.parseDouble(line.substring(5)));
                } else if (line.startsWith("status ")) {
                    rolloutStatus.add(Double.parseDouble(line.substring(7)));
                } else if (line.startsWith("fail ")) {
                    failures.incrementAndGet();
                    System.err.println("portal probe: " + line);
                }
            }
        } catch (IOException e) {
            // the probe ended
        }
    }

    /** Stops the probe and returns how many of its calls failed. */
    int stop() throws InterruptedException {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already gone
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        if (reader != null) {
            reader.join(5000);
        }
        return failures.get();
    }
}
