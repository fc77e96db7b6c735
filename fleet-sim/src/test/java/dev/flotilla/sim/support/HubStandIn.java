package dev.flotilla.sim.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.flotilla.api.agent.ClusterFacts;
import dev.flotilla.api.agent.RegisterResponse;
import dev.flotilla.api.agent.StatusReport;
import dev.flotilla.api.agent.StatusReports;
import dev.flotilla.api.agent.WorkItem;
import dev.flotilla.api.agent.WorkResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The meta-controller side of the agent protocol in a test: a JDK HTTP server with one cluster, a one-time
 * bootstrap token, a long-polled work list, and a switch that makes it answer 503 as during an outage.
 */
public final class HubStandIn implements AutoCloseable {

    public static final String BOOTSTRAP = "flb_bootstrap";
    public static final String AGENT_TOKEN = "fla_agent";

    private final JsonMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<StatusReport> reports = new CopyOnWriteArrayList<>();
    private final List<ClusterFacts> facts = new CopyOnWriteArrayList<>();
    private final List<Long> polls = new CopyOnWriteArrayList<>();
    private boolean bootstrapUsed;
    private long generation;
    private List<WorkItem> items = List.of();
    private volatile boolean down;
    private volatile boolean revoked;
    private volatile int refusedWhileDown;

    public HubStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/agent/v1/", this::handle);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Publishes a new work list and wakes the waiting poll. */
    public synchronized void publish(List<WorkItem> work) {
        items = List.copyOf(work);
        generation++;
        notifyAll();
    }

    /** Revokes the agent token: every agent call answers 401 from now on. */
    public void revokeAgentToken() {
        revoked = true;
    }

    public void outage(boolean on) {
        down = on;
    }

    public int refusedWhileDown() {
        return refusedWhileDown;
    }

    public List<StatusReport> reports() {
        return new ArrayList<>(reports);
    }

    public List<ClusterFacts> facts() {
        return new ArrayList<>(facts);
    }

    public List<Long> polls() {
        return new ArrayList<>(polls);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (down) {
                refusedWhileDown++;
                respond(exchange, 503, "{\"title\":\"Service Unavailable\"}");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (path.endsWith("/register")) {
                register(exchange, auth);
            } else if (revoked || !("Bearer " + AGENT_TOKEN).equals(auth)) {
                respond(exchange, 401, "{\"title\":\"Unauthorized\"}");
            } else if (path.endsWith("/facts")) {
                facts.add(json.readValue(exchange.getRequestBody(), ClusterFacts.class));
                respond(exchange, 204, null);
            } else if (path.endsWith("/work")) {
                work(exchange);
            } else if (path.endsWith("/status")) {
                reports.addAll(json.readValue(exchange.getRequestBody(), StatusReports.class).reports());
                respond(exchange, 204, null);
            } else {
                respond(exchange, 404, "{}");
            }
        }
    }

    private synchronized void register(HttpExchange exchange, String auth) throws IOException {
        if (bootstrapUsed || !("Bearer " + BOOTSTRAP).equals(auth)) {
            respond(exchange, 401, "{\"title\":\"Unauthorized\",\"detail\":\"bootstrap token used or expired\"}");
            return;
        }
        bootstrapUsed = true;
        facts.add(json.readValue(exchange.getRequestBody(), ClusterFacts.class));
        respond(exchange, 201, json.writeValueAsString(new RegisterResponse("c1", AGENT_TOKEN, 2)));
    }

    private void work(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getQuery();
        long asked = Long.parseLong(query.replaceAll(".*generation=(\\d+).*", "$1"));
        polls.add(asked);
        WorkResponse answer;
        synchronized (this) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (generation <= asked && !down && System.nanoTime() < deadline) {
                try {
                    wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            answer = new WorkResponse(generation, items);
        }
        respond(exchange, 200, json.writeValueAsString(answer));
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, status == 204 ? -1 : bytes.length);
        if (status != 204) {
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
