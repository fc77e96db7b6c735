package dev.flotilla.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * A portal reading the fleet throughout a scenario: every 200 ms a GET of a campaign, the campaign list or a
 * cluster page from a replica chosen at random, straight to the replica (a portal's load balancer is not the
 * agents' faulty network). It notes every answer that breaks the promise made to portals: a 5xx, except a 503
 * problem+json with {@code Retry-After} while the database is down; an answer slower than 10 s; a connection
 * failure of a replica that was not being killed at that moment.
 */
final class PortalProbe implements AutoCloseable {

    private static final Duration HANG = Duration.ofSeconds(10);

    record Violation(String what, URI uri, long at) {
    }

    private final Replicas replicas;
    private final BooleanSupplier databaseDown;
    private final List<String> paths;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Violation> violations = new CopyOnWriteArrayList<>();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong unavailable = new AtomicLong();
    private final AtomicLong slowestUnavailableMillis = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param databaseDown whether the database is stopped (or was, within the last seconds): 503 is allowed then
     */
    PortalProbe(Replicas replicas, BooleanSupplier databaseDown, List<String> paths) {
        this.replicas = replicas;
        this.databaseDown = databaseDown;
        this.paths = List.copyOf(paths);
        this.thread = new Thread(this::loop, "portal-probe");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            probeOnce();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void probeOnce() {
        int replica = ThreadLocalRandom.current().nextInt(replicas.size());
        if (!replicas.alive(replica)) {
            return; // the load balancer's health check has taken it out
        }
        URI uri = replicas.url(replica).resolve(paths.get(ThreadLocalRandom.current().nextInt(paths.size())));
        long started = System.currentTimeMillis();
        boolean dbDownBefore = databaseDown.getAsBoolean();
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(HANG.plusSeconds(5))
                    .header("Authorization", "Bearer " + Replicas.ADMIN_TOKEN).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            long took = System.currentTimeMillis() - started;
            answered.incrementAndGet();
            judge(uri, response, took, dbDownBefore || databaseDown.getAsBoolean(), started);
        } catch (IOException e) {
            if (!replicas.wasDown(replica, started, System.currentTimeMillis())) {
                violations.add(new Violation("no answer from a live replica: " + e, uri, started));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void judge(URI uri, HttpResponse<String> response, long took, boolean dbDown, long at) {
        int status = response.statusCode();
        if (took > HANG.toMillis()) {
            violations.add(new Violation("answered " + status + " after " + took + " ms", uri, at));
        }
        if (status < 500) {
            return;
        }
        boolean problem = response.headers().firstValue("Content-Type").orElse("")
                .startsWith("application/problem+json");
        boolean retryAfter = response.headers().firstValue("Retry-After").isPresent();
        if (status == 503 && dbDown && problem && retryAfter) {
            unavailable.incrementAndGet();
            slowestUnavailableMillis.accumulateAndGet(took, Math::max);
            return;
        }
        violations.add(new Violation(status + (dbDown ? " while the database was down" : "") + ": "
                + abbreviate(response.body()), uri, at));
    }

    private static String abbreviate(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }

    List<Violation> violations() {
        return List.copyOf(violations);
    }

    /** Answers received (of any status). */
    long answered() {
        return answered.get();
    }

    /** 503 problem answers received while the database was down. */
    long unavailable() {
        return unavailable.get();
    }

    long slowestUnavailableMillis() {
        return slowestUnavailableMillis.get();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(20_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
