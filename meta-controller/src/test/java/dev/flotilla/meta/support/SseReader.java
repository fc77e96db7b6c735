package dev.flotilla.meta.support;

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

/** Reads a server-sent event stream over real HTTP until it has the expected number of events or it ends. */
public final class SseReader {

    private final int port;
    private final String token;

    public SseReader(int port, String token) {
        this.port = port;
        this.token = token;
    }

    public List<JsonNode> read(String path, String lastEventId, int expected) throws Exception {
        HttpResponse<InputStream> response = open(path, lastEventId);
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

    /** Asks for a stream the server should refuse: its status, content type and (problem) body. */
    public Api.Reply refusal(String path) throws Exception {
        HttpResponse<InputStream> response = open(path, null);
        String type = response.headers().firstValue("Content-Type").orElse("");
        try (InputStream body = response.body()) {
            if (type.startsWith("text/event-stream")) {
                throw new AssertionError("the stream was opened: " + response.statusCode());
            }
            String raw = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            return new Api.Reply(response.statusCode(), type, raw.isBlank() ? null : Api.json(raw), raw);
        }
    }

    private HttpResponse<InputStream> open(String path, String lastEventId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    }
}
