package dev.flotilla.sim.fleet;

import com.sun.net.httpserver.HttpServer;
import dev.flotilla.agent.backend.FieldPaths;
import dev.flotilla.agent.backend.Workload;
import dev.flotilla.agent.backend.WorkloadRef;
import dev.flotilla.api.agent.WorkloadKind;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulated fleet's application metrics in Prometheus's text format ({@code GET /metrics}), for analysis gates
 * to judge: every cluster running a CloneSet of a watched application serves {@value #REQUESTS_PER_SECOND}
 * requests a second per ready pod, counted in {@code flotilla_sim_app_requests_total{cluster, application, code}};
 * pods of a revision whose image was given an error rate answer that share with code 500. Counters grow with the
 * wall clock between scrapes, so {@code rate(...)} over a few scrapes reads the current error ratio.
 */
public final class ApplicationMetrics implements AutoCloseable {

    static final double REQUESTS_PER_SECOND = 10;

    private record Key(String cluster, String application) {
    }

    private static final class Counters {
        double ok;
        double errors;
        long at = System.currentTimeMillis();
    }

    private volatile Fleet fleet;
    private final String namespace;
    private final List<String> applications;
    private final Map<String, Double> errorRates = new ConcurrentHashMap<>();
    private final Map<String, Double> clusterErrorRates = new ConcurrentHashMap<>();
    private final Map<Key, Counters> counters = new ConcurrentHashMap<>();
    private final HttpServer server;

    /**
     * Serves the metrics of {@code applications} (CloneSets in {@code namespace}) on a free local port, for the fleet
     * given to {@link #watch} (none until then: the scrape target can be known before the fleet starts).
     */
    public ApplicationMetrics(String namespace, List<String> applications) {
        this.namespace = namespace;
        this.applications = List.copyOf(applications);
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/metrics", exchange -> {
            byte[] body = scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    public void watch(Fleet watched) {
        this.fleet = watched;
    }

    /** Pods whose first container runs {@code image} answer this share of requests with 500 (0 to 1). */
    public void errorRate(String image, double share) {
        errorRates.put(image, share);
    }

    /** Pods of {@code image} on {@code cluster} only answer this share of requests with 500 (0 to 1). */
    public void errorRate(String cluster, String image, double share) {
        clusterErrorRates.put(cluster + "/" + image, share);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/metrics");
    }

    synchronized String scrape() {
        StringBuilder text = new StringBuilder("# TYPE flotilla_sim_app_requests_total counter\n");
        long now = System.currentTimeMillis();
        Fleet watched = fleet;
        for (SimulatedAgent agent : watched == null ? List.<SimulatedAgent>of() : watched.agents()) {
            for (String application : applications) {
                agent.cluster().read(new WorkloadRef(WorkloadKind.CloneSet, "apps.kruise.io/v1alpha1", namespace,
                        application)).ifPresent(w -> {
                            Counters c = counters.computeIfAbsent(new Key(agent.name(), application),
                                    k -> new Counters());
                            advance(c, w, now, agent.name());
                            line(text, agent.name(), application, "200", c.ok);
                            line(text, agent.name(), application, "500", c.errors);
                        });
            }
        }
        return text.toString();
    }

    /** Counts the requests served since the last scrape: ready pods of the new revision at its error rate. */
    private void advance(Counters c, Workload w, long now, String cluster) {
        double seconds = (now - c.at) / 1000.0;
        c.at = now;
        Map<String, Object> status = w.status();
        int ready = number(status.get("readyReplicas"));
        int updatedReady = Math.min(ready, number(status.get("updatedReadyReplicas")));
        double requests = ready * REQUESTS_PER_SECOND * seconds;
        double updatedShare = ready == 0 ? 0 : (double) updatedReady / ready;
        String image = image(w);
        double rate = clusterErrorRates.getOrDefault(cluster + "/" + image, errorRates.getOrDefault(image, 0.0));
        double errors = requests * updatedShare * rate;
        c.errors += errors;
        c.ok += requests - errors;
    }

    private static String image(Workload w) {
        Object containers = FieldPaths.get(w.object(), "spec.template.spec.containers");
        return containers instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map<?, ?> first
                ? String.valueOf(first.get("image")) : "";
    }

    private static int number(Object value) {
        return value instanceof Number n ? n.intValue() : 0;
    }

    private static void line(StringBuilder text, String cluster, String application, String code, double value) {
        text.append("flotilla_sim_app_requests_total{cluster=\"").append(cluster).append("\",application=\"")
                .append(application).append("\",code=\"").append(code).append("\"} ")
                .append(String.format(java.util.Locale.ROOT, "%.3f", value)).append('\n');
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
