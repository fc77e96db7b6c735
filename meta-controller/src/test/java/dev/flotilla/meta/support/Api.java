package dev.flotilla.meta.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain HTTP client for tests: real requests against the running service, answers as JSON trees.
 */
public final class Api {

    /** An answer: status, content type and the parsed body (null when empty). */
    public record Reply(int status, String contentType, JsonNode body, String raw) {
        public String detail() {
            return body == null ? null : body.path("detail").asString();
        }
    }

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public Api(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public Reply get(String token, String path) {
        return send(token, "GET", path, null);
    }

    public Reply post(String token, String path, Object body) {
        return send(token, "POST", path, body);
    }

    public Reply put(String token, String path, Object body) {
        return send(token, "PUT", path, body);
    }

    public Reply patch(String token, String path, Object body) {
        return send(token, "PATCH", path, body);
    }

    public Reply delete(String token, String path) {
        return send(token, "DELETE", path, null);
    }

    /** A POST with one more request header. */
    public Reply post(String token, String path, Object body, String header, String value) {
        return sendRaw(token, "POST", path, body == null ? null : JSON.writeValueAsString(body), header, value);
    }

    /** Sends a body that is already JSON text (or deliberately malformed text). */
    public Reply sendRaw(String token, String method, String path, String json) {
        return sendRaw(token, method, path, json, null, null);
    }

    private Reply sendRaw(String token, String method, String path, String json, String header, String value) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(90))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (header != null) {
            request.header(header, value);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String raw = response.body();
            JsonNode body = raw == null || raw.isBlank() ? null : JSON.readTree(raw);
            return new Reply(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""), body, raw);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Reply send(String token, String method, String path, Object body) {
        return sendRaw(token, method, path, body == null ? null : JSON.writeValueAsString(body));
    }

    public static JsonNode json(String text) {
        return JSON.readTree(text);
    }
}
