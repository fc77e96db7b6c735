package dev.flotilla.meta.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends a {@link FuzzCase} over real HTTP/1.1 and keeps at most 256 KiB of an error answer; the body of an answer
 * that is not an error is not read, so an endpoint that wrongly accepted a case and began to stream (server-sent
 * events) cannot stall the run.
 */
final class FuzzClient {

    /** The answer: status, content type, and the body as text and, when it is JSON, as a tree. */
    record Answer(int status, String contentType, String raw, JsonNode json) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int KEEP = 256 * 1024;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    FuzzClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    Answer send(FuzzCase c) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + c.path()))
                .timeout(Duration.ofSeconds(20))
                .header("Accept", acceptFor(c))
                .method(c.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(c.body()));
        if (c.contentType() != null) {
            request.header("Content-Type", c.contentType());
        }
        if (c.token() != null) {
            request.header("Authorization", "Bearer " + c.token());
        }
        c.headers().forEach(request::header);
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            String raw = "";
            try (InputStream in = response.body()) {
                if (response.statusCode() >= 400) {
                    raw = new String(in.readNBytes(KEEP), StandardCharsets.UTF_8);
                } // else a wrongly accepted case: its body may be an open stream, never to be read to the end
            }
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), raw,
                    parse(raw));
        } catch (IOException e) {
            throw new AssertionError("no answer to " + c.describe() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What a real client of the endpoint asks for: an event stream's client accepts only the stream. */
    private static String acceptFor(FuzzCase c) {
        return c.path().contains("/events/stream") ? "text/event-stream" : "application/json, application/problem+json";
    }

    private static JsonNode parse(String raw) {
        try {
            return raw.isBlank() ? null : JSON.readTree(raw);
        } catch (RuntimeException notJson) {
            return null;
        }
    }
}
