package dev.flotilla.meta.analysis;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * One Prometheus server, asked through its HTTP API's instant query ({@code GET /api/v1/query}). A query must
 * answer one number: a scalar, or a vector of exactly one series (aggregate with {@code sum(...)} and friends).
 */
final class PrometheusProvider {

    private final String name;
    private final AnalysisProperties.Provider settings;
    private final HttpClient http;
    private final ObjectMapper json;

    PrometheusProvider(String name, AnalysisProperties.Provider settings, HttpClient http, ObjectMapper json) {
        this.name = name;
        this.settings = settings;
        this.http = http;
        this.json = json;
    }

    Measurement query(String promql) {
        String base = settings.url().toString().replaceAll("/+$", "");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8))).timeout(settings.timeout()).GET();
        if (settings.bearerToken() != null && !settings.bearerToken().isBlank()) {
            request.header("Authorization", "Bearer " + settings.bearerToken());
        } else if (settings.username() != null && !settings.username().isBlank()) {
            String pair = settings.username() + ":" + (settings.password() == null ? "" : settings.password());
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return new Measurement.Unavailable("provider " + name + " answered " + response.statusCode() + ": "
                        + abbreviate(response.body()));
            }
            return read(json.readTree(response.body()));
        } catch (IOException e) {
            return new Measurement.Unavailable("provider " + name + " cannot be reached: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Measurement.Unavailable("interrupted while asking provider " + name);
        } catch (RuntimeException e) {
            return new Measurement.Unavailable("provider " + name + " answered what is not a Prometheus query "
                    + "result: " + e.getMessage());
        }
    }

    private Measurement read(JsonNode answer) {
        JsonNode data = answer.path("data");
        String type = data.path("resultType").asString("");
        JsonNode result = data.path("result");
        JsonNode sample;
        if (type.equals("scalar")) {
            sample = result;
        } else if (type.equals("vector")) {
            if (result.isEmpty()) {
                return new Measurement.NoData("the query returned no series");
            }
            if (result.size() > 1) {
                return new Measurement.NoData("the query returned " + result.size()
                        + " series; aggregate them to one (e.g. sum(...))");
            }
            sample = result.get(0).path("value");
        } else {
            return new Measurement.NoData("the query returned a " + type + ", not a scalar or a vector");
        }
        String text = sample.path(1).asString("");
        try {
            double value = Double.parseDouble(text);
            return Double.isNaN(value) ? new Measurement.NoData("the query returned NaN (no samples in its range?)")
                    : new Measurement.Value(value);
        } catch (NumberFormatException e) {
            return new Measurement.NoData("the query returned '" + text + "', not a number");
        }
    }

    private static String abbreviate(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }
}
