package dev.flotilla.meta.rollout;

import dev.flotilla.meta.support.Api;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Reads a server-sent event stream over real HTTP until it has the expected number of events. */
final class SseReader {

    private final int port;
    private final String token;

    SseReader(int port, String token) {
        this.port = port;
        this.token = token;
    }

    List<JsonNode> read(String path, String lastEventId, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request.build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (!response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
            throw new AssertionError("not an event stream: " + response.statusCode());
        }
        List<JsonNode> events = new ArrayList<>();
        try (InputStream body = response.body();
                BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            while (events.size() < expected && (line = lines.readLine()) != null) {
                if (line.startsWith("data:")) {
                    events.add(Api.json(line.substring(5).strip()));
                }
            }
        }
        return events;
    }
}
