package dev.flotilla.meta.notify;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntBiFunction;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A webhook receiver on 127.0.0.1, as a real one would be written: it verifies each request's signature (a bad one
 * is answered 401 and counted), records what arrived, and answers as the test tells it (by event id and attempt).
 * Its {@link #events() event list} dedupes by {@code Flotilla-Event-Id}, as receivers of at-least-once deliveries do.
 */
final class WebhookReceiver implements AutoCloseable {

    /** One request as received, the signature already checked. */
    record Received(String path, String eventId, String type, int attempt, JsonNode body, Instant at) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final String secret;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();
    private volatile ToIntBiFunction<String, Integer> answer = (eventId, attempt) -> 200;
    private volatile java.util.function.Predicate<String> hold = eventId -> false;
    private volatile CountDownLatch held = new CountDownLatch(1);
    private volatile CountDownLatch release = new CountDownLatch(0);

    WebhookReceiver(String secret) throws IOException {
        this.secret = secret;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", this::handle);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** How to answer: the status for an event id's nth attempt (200 unless told). */
    void answer(ToIntBiFunction<String, Integer> answer) {
        this.answer = answer;
    }

    /** Holds the first request whose event id matches (after recording it) until {@link #letGo()}. */
    void hold(java.util.function.Predicate<String> eventIds) {
        held = new CountDownLatch(1);
        release = new CountDownLatch(1);
        hold = eventIds;
    }

    boolean awaitHeld(long seconds) throws InterruptedException {
        return held.await(seconds, TimeUnit.SECONDS);
    }

    void letGo() {
        hold = eventId -> false;
        release.countDown();
    }

    /** Every request that passed the signature check, in arrival order, duplicates included. */
    List<Received> all() {
        return List.copyOf(received);
    }

    List<Received> all(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** The event ids received on the path, each once, in the order of first arrival. */
    List<String> events(String path) {
        return new ArrayList<>(new LinkedHashSet<>(all(path).stream().map(Received::eventId).toList()));
    }

    /** Requests refused for a missing, wrong or stale signature. */
    List<String> refused() {
        return List.copyOf(refused);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String eventId = exchange.getRequestHeaders().getFirst("Flotilla-Event-Id");
            String signature = exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER);
            if (!WebhookSignature.verify(secret, signature, body, Instant.now(), WebhookSignature.DEFAULT_TOLERANCE)
                    || !"application/json".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
                refused.add(eventId + " " + signature);
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            int attempt = Integer.parseInt(exchange.getRequestHeaders().getFirst("Flotilla-Delivery-Attempt"));
            received.add(new Received(exchange.getRequestURI().getPath(), eventId,
                    exchange.getRequestHeaders().getFirst("Flotilla-Event-Type"), attempt,
                    JSON.readTree(new String(body, StandardCharsets.UTF_8)), Instant.now()));
            if (hold.test(eventId)) {
                hold = e -> false;
                held.countDown();
                release.await(60, TimeUnit.SECONDS);
            }
            exchange.sendResponseHeaders(answer.applyAsInt(eventId, attempt), -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        letGo();
        server.stop(0);
    }
}
