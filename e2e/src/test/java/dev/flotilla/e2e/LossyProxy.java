package dev.flotilla.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP proxy in front of the meta-controller that loses answers: the first {@code lose} requests to
 * {@code path} reach the meta-controller, which handles them, and then the connection is cut before the answer
 * gets back, as a network partition or an overloaded load balancer would.
 */
final class LossyProxy implements AutoCloseable {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "host", "upgrade",
            "transfer-encoding", "keep-alive");

    private final URI target;
    private final String path;
    private final AtomicInteger toLose;
    private final AtomicInteger lost = new AtomicInteger();
    private final AtomicInteger forwarded = new AtomicInteger();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final HttpServer server;

    LossyProxy(URI target, String path, int lose) throws IOException {
        this.target = target;
        this.path = path;
        this.toLose = new AtomicInteger(lose);
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::forward);
        server.setExecutor(executor);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Answers that were cut off after the meta-controller handled their request. */
    int lost() {
        return lost.get();
    }

    /** Requests to the lossy path that reached the meta-controller. */
    int forwarded() {
        return forwarded.get();
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            URI uri = target.resolve(exchange.getRequestURI().toString());
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(120))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body.readAllBytes()));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                    values.forEach(v -> request.header(name, v));
                }
            });
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            boolean lossy = exchange.getRequestURI().getPath().equals(path);
            if (lossy) {
                forwarded.incrementAndGet();
            }
            if (lossy && toLose.getAndDecrement() > 0) {
                lost.incrementAndGet();
                return; // closed without an answer: the client sees the connection end
            }
            response.headers().map().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            byte[] bytes = response.body();
            exchange.sendResponseHeaders(response.statusCode(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
