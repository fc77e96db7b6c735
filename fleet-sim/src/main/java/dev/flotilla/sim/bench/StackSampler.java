package dev.flotilla.sim.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A poor man's profiler of another JVM: {@code jcmd <pid> Thread.print} a few times, and for every thread that is
 * RUNNABLE and not parked in a socket or selector wait, the first frame in the service's own code or in the
 * libraries it calls. The counts say where the process spends its CPU.
 */
final class StackSampler {

    private static final List<String> IDLE = List.of("epollWait", "EPoll.wait", "accept", "socketRead", "Net.poll",
            "readBytes", "waitForReferencePendingList", "Object.wait", "Unsafe.park");

    private final long pid;
    private final Map<String, Integer> frames = new HashMap<>();
    private int samples;

    StackSampler(long pid) {
        this.pid = pid;
    }

    void sample() {
        String dump = jcmd();
        samples++;
        for (String thread : dump.split("\n\n")) {
            if (!thread.contains("java.lang.Thread.State: RUNNABLE")) {
                continue;
            }
            List<String> stack = thread.lines().map(String::strip).filter(l -> l.startsWith("at ")).toList();
            if (stack.isEmpty() || IDLE.stream().anyMatch(stack.get(0)::contains)) {
                continue;
            }
            String top = stack.stream().filter(f -> f.contains("dev.flotilla")).findFirst().orElse(stack.get(0));
            frames.merge(top.replaceAll("\\(.*", ""), 1, Integer::sum);
        }
    }

    /** The busiest frames with how many samples saw a thread running there. */
    String top(int n) {
        return samples + " samples; busy frames: " + frames.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(n)
                .map(e -> e.getValue() + "x " + e.getKey().substring(3)).collect(Collectors.joining("; "));
    }

    private String jcmd() {
        try {
            Process process = new ProcessBuilder(List.of("jcmd", Long.toString(pid), "Thread.print"))
                    .redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(30, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
