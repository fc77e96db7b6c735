package dev.flotilla.agent.config;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The management port: {@code /livez} and {@code /readyz} (200 or 503, with a JSON body saying why) for the
 * kubelet's probes, {@code /metrics} in the Prometheus text format. The JDK's HTTP server on one thread: the agent
 * has no web stack and a 256 MiB budget.
 */
final class ManagementServer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ManagementServer.class);

    private final int port;
    private final AgentHealth health;
    private final PrometheusMeterRegistry metrics;
    private volatile HttpServer server;
    private volatile ExecutorService executor;

    ManagementServer(int port, AgentHealth health, PrometheusMeterRegistry metrics) {
        this.port = port;
        this.health = health;
        this.metrics = metrics;
    }

    @Override
    public void start() {
        try {
            server = HttpServer.create(new InetSocketAddress(port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the management port " + port, e);
        }
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "flotilla-agent-management");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/livez", exchange -> probe(exchange, health::liveness));
        server.createContext("/readyz", exchange -> probe(exchange, health::readiness));
        server.createContext("/metrics", exchange -> send(exchange, 200,
                "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
        server.start();
        log.info("management port {}: /livez, /readyz, /metrics", port());
    }

    /** The port listened on (the chosen one when configured as 0). */
    int port() {
        return server.getAddress().getPort();
    }

    private static void probe(HttpExchange exchange, Supplier<AgentHealth.Status> check) throws IOException {
        AgentHealth.Status status = check.get();
        send(exchange, status.up() ? 200 : 503, "application/json", status.json());
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void stop() {
        HttpServer current = server;
        if (current != null) {
            server = null;
            current.stop(0);
            executor.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** Opens before the agent starts and closes after it stops: the probes see the whole life. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 100;
    }
}
