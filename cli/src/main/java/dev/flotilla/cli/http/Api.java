package dev.flotilla.cli.http;

import dev.flotilla.cli.CliException;
import dev.flotilla.cli.ExitCode;
import dev.flotilla.cli.config.ConnectionOptions.Target;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The meta-controller's REST API, one blocking call at a time, with the bearer token of the chosen context. */
public final class Api {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int PAGE = 500;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    private final Target target;

    public Api(Target target) {
        this.target = target;
    }

    public JsonNode get(String path) {
        return send("GET", path, null);
    }

    public JsonNode post(String path, Object body) {
        return send("POST", path, body);
    }

    /** Every item of a cursor-paged list ({@code {items, nextCursor}}), page after page. */
    public List<JsonNode> list(String path, Map<String, String> query) {
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        do {
            StringJoiner params = new StringJoiner("&", path + "?", "");
            query.forEach((k, v) -> {
                if (v != null) {
                    params.add(k + "=" + encode(v));
                }
            });
            params.add("limit=" + PAGE);
            if (cursor != null) {
                params.add("cursor=" + encode(cursor));
            }
            JsonNode page = get(params.toString());
            page.path("items").forEach(items::add);
            cursor = page.path("nextCursor").isString() ? page.path("nextCursor").asString() : null;
        } while (cursor != null);
        return items;
    }

    public void delete(String path) {
        send("DELETE", path, null);
    }

    /** Opens a server-sent event stream; the caller reads it until it ends. */
    public InputStream stream(String path, long after) {
        // no request timeout: the stream stays open as long as the campaign runs
        HttpRequest request = HttpRequest.newBuilder(URI.create(target.url() + path + (after > 0 ? "?after=" + after
                        : ""))).header("Authorization", "Bearer " + target.token())
                .header("Accept", "text/event-stream").GET().build();
        HttpResponse<InputStream> response = call(request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() >= 400) {
            try (InputStream body = response.body()) {
                String raw = new String(body.readAllBytes(), StandardCharsets.UTF_8);
                throw ApiProblem.of("GET", path, response.statusCode(), parse(raw), raw);
            } catch (IOException e) {
                throw new CliException(ExitCode.UNAVAILABLE, "GET " + path + ": " + e.getMessage());
            }
        }
        return response.body();
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private JsonNode send(String method, String path, Object body) {
        HttpRequest.Builder request = request(path).header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = call(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode parsed = parse(response.body());
        if (response.statusCode() >= 400) {
            throw ApiProblem.of(method, path, response.statusCode(), parsed, response.body());
        }
        return parsed;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(target.url() + path))
                .header("Authorization", "Bearer " + target.token())
                .timeout(Duration.ofSeconds(60));
    }

    private <T> HttpResponse<T> call(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw new CliException(ExitCode.UNAVAILABLE, "cannot reach the meta-controller at " + target.url()
                    + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.UNAVAILABLE, "interrupted");
        }
    }

    private static JsonNode parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(raw);
        } catch (JacksonException e) {
            return null;
        }
    }
}
