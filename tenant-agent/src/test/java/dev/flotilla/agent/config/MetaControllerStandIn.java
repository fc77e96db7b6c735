package dev.flotilla.agent.config;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A meta-controller on a fixed local port that can be down (nothing listens) or up: it answers the work poll with
 * {@code work} (204 "no change" when null) and takes facts and status reports, recording their bodies.
 */
final class MetaControllerStandIn implements AutoCloseable {

    private final int port;
    private volatile String work;
    private volatile HttpServer server;
    final List<String> reports = new CopyOnWriteArrayList<>();

    MetaControllerStandIn() {
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The next work answers carry this body (a WorkResponse as JSON). */
    MetaControllerStandIn answering(String workResponse) {
        this.work = workResponse;
        return this;
    }

    void up() throws IOException {
        HttpServer started = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        started.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (path.equals("/agent/v1/status")) {
                reports.add(new String(body, StandardCharsets.UTF_8));
            }
            String answer = path.equals("/agent/v1/work") ? work : null;
            if (answer == null) {
                exchange.sendResponseHeaders(path.equals("/agent/v1/work") ? 204 : 200, -1);
            } else {
                byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        started.start();
        server = started;
    }

    void down() {
        HttpServer current = server;
        if (current != null) {
            server = null;
            current.stop(0);
        }
    }

    @Override
    public void close() {
        down();
    }
}
