package dev.flotilla.sim.fleet;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small client of the meta-controller's portal API with one API token: JSON in, JSON trees out. The fleet
 * simulator creates its clusters through it; the demo and the benchmark drive rollouts with it.
 */
public final class Portal {

    /** An answer that was not 2xx, with the problem detail the service gave. */
    public static final class Refused extends RuntimeException {
        private final int status;
        private final long retryAfterSeconds;

        Refused(int status, String message) {
            this(status, message, 0);
        }

        Refused(int status, String message, long retryAfterSeconds) {
            super(message);
            this.status = status;
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public int status() {
            return status;
        }

        /** The answer's {@code Retry-After} in seconds (0 when it had none). */
        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    private final HttpClient http;
    private final JsonMapper json;
    private final String base;
    private final String token;

    public Portal(HttpClient http, JsonMapper json, URI base, String token) {
        this.http = http;
        this.json = json;
        String url = base.toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.token = token;
    }

    public URI base() {
        return URI.create(base);
    }

    public JsonNode get(String path) {
        return join(getAsync(path));
    }

    public JsonNode post(String path, Object body) {
        return join(postAsync(path, body));
    }

    public JsonNode put(String path, Object body) {
        return join(send(request(path).PUT(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
                .build()));
    }

    public CompletableFuture<JsonNode> getAsync(String path) {
        return send(request(path).GET().build());
    }

    public CompletableFuture<JsonNode> postAsync(String path, Object body) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body));
        return send(request(path).POST(publisher).build());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json");
    }

    /**
     * Sends the request; one that never reached the service (the connection could not be opened, as on a machine
     * saturated by thousands of simulated agents) is sent again, up to {@link #CONNECT_ATTEMPTS} times: it was not
     * seen, so sending it again is safe even for a POST.
     */
    private CompletableFuture<JsonNode> send(HttpRequest request) {
        return send(request, 1);
    }

    private static final int CONNECT_ATTEMPTS = 5;
    /** How many times a request the rate limit refused is sent again, each after the answer's Retry-After. */
    private static final int RATE_LIMITED_ATTEMPTS = 60;

    private CompletableFuture<JsonNode> send(HttpRequest request, int attempt) {
        return sendOnce(request).handle((node, error) -> {
            if (error == null) {
                return CompletableFuture.completedFuture(node);
            }
            long retryAfter = rateLimited(error);
            if (retryAfter > 0 && attempt < RATE_LIMITED_ATTEMPTS) {
                // a 429 comes before the service did anything with the request: safe to send again, for a POST too
                return CompletableFuture.supplyAsync(() -> null,
                        CompletableFuture.delayedExecutor(retryAfter, java.util.concurrent.TimeUnit.SECONDS))
                        .thenCompose(x -> send(request, attempt + 1));
            }
            if (attempt < CONNECT_ATTEMPTS && (neverConnected(error) || unavailableRead(request, error))) {
                return CompletableFuture.supplyAsync(() -> null,
                        CompletableFuture.delayedExecutor(1, java.util.concurrent.TimeUnit.SECONDS))
                        .thenCompose(x -> send(request, attempt + 1));
            }
            return CompletableFuture.<JsonNode>failedFuture(error);
        }).thenCompose(f -> f);
    }

    /** A read answered 503 (the service sheds load) or not answered in time: safe to ask again. */
    private static boolean unavailableRead(HttpRequest request, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return request.method().equals("GET") && (cause instanceof Refused refused && refused.status() == 503
                || cause instanceof java.net.http.HttpTimeoutException);
    }

    /** The Retry-After of a 429 answer, in seconds (at least 1), or 0 for any other failure. */
    private static long rateLimited(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof Refused refused && refused.status() == 429
                ? Math.max(1, refused.retryAfterSeconds()) : 0;
    }

    private static boolean neverConnected(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException) {
                return true;
            }
        }
        return false;
    }

    private CompletableFuture<JsonNode> sendOnce(HttpRequest request) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).thenApply(response -> {
            String body = new String(response.body(), StandardCharsets.UTF_8);
            if (response.statusCode() >= 300) {
                long retryAfter = response.headers().firstValue("Retry-After").map(v -> {
                    try {
                        return Long.parseLong(v.trim());
                    } catch (NumberFormatException e) {
                        return 1L;
                    }
                }).orElse(0L);
                throw new Refused(response.statusCode(), request.method() + " " + request.uri().getPath()
                        + " answered " + response.statusCode() + ": " + body, retryAfter);
            }
            return body.isBlank() ? json.nullNode() : json.readTree(body);
        });
    }

    private static JsonNode join(CompletableFuture<JsonNode> call) {
        try {
            return call.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
