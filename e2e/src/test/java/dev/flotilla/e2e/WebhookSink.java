package dev.flotilla.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.flotilla.meta.notify.WebhookSignature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A webhook receiver for the fault suite, on 127.0.0.1 and outside the faults: it verifies every signature (a bad
 * one is answered 401 and counted), records each request's event id, and dedupes by it as receivers of
 * at-least-once deliveries do.
 */
final class WebhookSink implements AutoCloseable {

    private final HttpServer server;
    private final String secret;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();

    WebhookSink(String secret) {
        this.secret = secret;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/flotilla";
    }

    /** Event ids in arrival order, repeats included. */
    List<String> received() {
        return List.copyOf(received);
    }

    /** Event ids once each, in the order of first arrival. */
    List<String> events() {
        return new ArrayList<>(new LinkedHashSet<>(received));
    }

    List<String> refused() {
        return List.copyOf(refused);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String eventId = exchange.getRequestHeaders().getFirst("Flotilla-Event-Id");
            if (!WebhookSignature.verify(secret, exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER), body,
                    Instant.now(), WebhookSignature.DEFAULT_TOLERANCE)) {
                refused.add(eventId);
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            received.add(eventId);
            exchange.sendResponseHeaders(204, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
