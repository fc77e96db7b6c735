package dev.flotilla.sim.bench;

import dev.flotilla.sim.fleet.Portal;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import tools.jackson.databind.json.JsonMapper;

/**
 * The portal user of the benchmark, in a JVM of its own ({@code java -jar flotilla-fleet-sim.jar probe --hub=URL
 * --token=T}), so the simulated fleet's CPU and garbage collection never stall the client that measures portal
 * latency. It reads a rollout id on stdin, then every {@link #EVERY_MILLIS} asks for a selector page of clusters and
 * for the rollout's status, printing {@code page <ms>} / {@code status <ms>} per answer and {@code fail <what>} per
 * failed call, until stdin closes. Paced, not closed-loop: a probe that asks again as soon as it is answered loads
 * the service more the faster the service is.
 */
public final class PortalProbe {

    /** How often a round starts. */
    static final long EVERY_MILLIS = 200;

    private PortalProbe() {
    }

    public static void main(String[] args) throws IOException {
        String hub = option(args, "hub");
        String token = option(args, "token");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Portal portal = new Portal(http, JsonMapper.builder().build(), URI.create(hub), token);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String id = in.readLine();
        if (id == null || id.isBlank()) {
            return;
        }
        // warm the client's connection and the JIT on the same calls first: a cold client is not the service
        for (int i = 0; i < 5; i++) {
            round(portal, id.trim(), i, null);
        }
        AtomicBoolean done = new AtomicBoolean();
        Thread stop = new Thread(() -> {
            try {
                while (in.read() >= 0) {
                    // stdin stays open while the rollout runs
                }
            } catch (IOException e) {
                // the parent went away: stop as well
            }
            done.set(true);
        }, "probe-stdin");
        stop.setDaemon(true);
        stop.start();
        long next = System.nanoTime();
        int round = 0;
        while (!done.get()) {
            round(portal, id.trim(), round++, out);
            next += TimeUnit.MILLISECONDS.toNanos(EVERY_MILLIS);
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else {
                next = System.nanoTime();
            }
        }
        out.println("end");
    }

    private static void round(Portal portal, String rolloutId, int round, PrintStream out) {
        List<String> tiers = List.of("gold", "silver", "bronze");
        timed(portal, "page", "/api/v1/clusters?selector=env%3Dprod%2Ctier%3D" + tiers.get(round % tiers.size())
                + "&limit=100", out);
        timed(portal, "status", "/api/v1/rollouts/" + rolloutId, out);
    }

    private static void timed(Portal portal, String what, String path, PrintStream out) {
        long began = System.nanoTime();
        try {
            portal.get(path);
            if (out != null) {
                out.printf("%s %.3f%n", what, (System.nanoTime() - began) / 1e6);
            }
        } catch (RuntimeException e) {
            if (out != null) {
                out.println("fail " + what + " " + e.toString().replace('\n', ' '));
            }
        }
    }

    private static String option(String[] args, String name) {
        for (String arg : args) {
            if (arg.startsWith("--" + name + "=")) {
                return arg.substring(name.length() + 3);
            }
        }
        throw new IllegalArgumentException("missing --" + name + "=...");
    }
}
