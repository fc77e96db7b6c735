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
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import tools.jackson.databind.json.JsonMapper;

/**
 * The portal user of the benchmark, in a JVM of its own ({@code java -jar flotilla-fleet-sim.jar probe --hub=URL
 * --token=T}), so the simulated fleet's CPU and garbage collection never stall the client that measures portal
 * latency. From its start, as a dashboard open before a rollout, every {@link #EVERY_MILLIS} it asks for a selector
 * page of clusters and the list of rollouts, printing nothing; once it reads a rollout id on stdin, for the selector
 * page and the rollout's status, printing {@code page <ms>} / {@code status <ms>} per answer and {@code fail <what>}
 * per failed call, until stdin closes. Paced, not closed-loop: a probe that asks again as soon as it is answered loads
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
        AtomicReference<String> followed = new AtomicReference<>();
        AtomicBoolean done = new AtomicBoolean();
        Thread stdin = new Thread(() -> {
            try {
                String id = in.readLine();
                if (id != null && !id.isBlank()) {
                    followed.set(id.trim());
                    while (in.read() >= 0) {
                        // stdin stays open while the rollout runs
                    }
                }
            } catch (IOException e) {
                // the parent went away: stop as well
            }
            done.set(true);
        }, "probe-stdin");
        stdin.setDaemon(true);
        stdin.start();
        long next = System.nanoTime();
        int round = 0;
        boolean warmed = false;
        while (!done.get()) {
            String id = followed.get();
            if (id == null) {
                // the portal open before the rollout: the same pages, not counted
                lead(portal, round++);
            } else {
                if (!warmed) {
                    // warm the client's connection and the JIT on the same calls first: a cold client is not the
                    // service
                    for (int i = 0; i < 5; i++) {
                        round(portal, id, i, null);
                    }
                    warmed = true;
                }
                round(portal, id, round++, out);
            }
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

    /** A round before the rollout exists: the selector page and the list of rollouts, answers not printed. */
    private static void lead(Portal portal, int round) {
        timed(portal, "page", selectorPage(round), null);
        timed(portal, "list", "/api/v1/rollouts?limit=20", null);
    }

    private static String selectorPage(int round) {
        List<String> tiers = List.of("gold", "silver", "bronze");
        return "/api/v1/clusters?selector=env%3Dprod%2Ctier%3D" + tiers.get(round % tiers.size()) + "&limit=100";
    }

    private static void round(Portal portal, String rolloutId, int round, PrintStream out) {
        timed(portal, "page", selectorPage(round), out);
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
