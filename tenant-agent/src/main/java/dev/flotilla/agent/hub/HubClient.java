package dev.flotilla.agent.hub;

import dev.flotilla.api.agent.AgentTokens;
import dev.flotilla.api.agent.ClusterFacts;
import dev.flotilla.api.agent.RegisterResponse;
import dev.flotilla.api.agent.StatusReports;
import dev.flotilla.api.agent.WorkResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agent protocol over HTTP+JSON, one method per endpoint, all {@code sendAsync}: no thread waits on a call, so
 * one JVM can hold thousands of agents' long polls. Failures arrive as {@link HubException}s.
 */
public final class HubClient {

    private final HttpClient http;
    private final JsonMapper json;
    private final URI base;
    private final Duration requestTimeout;

    public HubClient(HttpClient http, JsonMapper json, URI base, Duration requestTimeout) {
        this.http = http;
        this.json = json;
        String url = base.toString();
        this.base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        this.requestTimeout = requestTimeout;
    }

    /**
     * Registers with the bootstrap token, proposing the agent token to be issued: sending the same request again
     * (its answer was lost) gets the same answer for a while instead of a spent bootstrap token.
     */
    public CompletableFuture<RegisterResponse> register(String bootstrapToken, String proposedAgentToken,
            ClusterFacts facts) {
        HttpRequest request = json("/agent/v1/register", bootstrapToken, requestTimeout)
                .header(AgentTokens.PROPOSED_HEADER, proposedAgentToken)
                .POST(body(facts)).build();
        return send(request).thenApply(r -> json.readValue(r.body(), RegisterResponse.class));
    }

    public CompletableFuture<Void> putFacts(String agentToken, ClusterFacts facts) {
        return send(json("/agent/v1/facts", agentToken, requestTimeout).PUT(body(facts)).build())
                .thenApply(r -> null);
    }

    /** The long poll; it also serves as the heartbeat. A 204 means "no change": the answer is then null. */
    public CompletableFuture<WorkResponse> work(String agentToken, long generation, int timeoutSeconds) {
        HttpRequest request = json("/agent/v1/work?generation=" + generation + "&timeoutSeconds=" + timeoutSeconds,
                agentToken, requestTimeout.plusSeconds(timeoutSeconds)).GET().build();
        return send(request).thenApply(r -> r.statusCode() == 204 || r.body().length == 0 ? null
                : json.readValue(r.body(), WorkResponse.class));
    }

    public CompletableFuture<Void> report(String agentToken, StatusReports reports) {
        return send(json("/agent/v1/status", agentToken, requestTimeout).POST(body(reports)).build())
                .thenApply(r -> null);
    }

    private HttpRequest.Builder json(String path, String token, Duration timeout) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json");
    }

    private HttpRequest.BodyPublisher body(Object value) {
        return HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(value));
    }

    private CompletableFuture<HttpResponse<byte[]>> send(HttpRequest request) {
        CompletableFuture<HttpResponse<byte[]>> sent;
        try {
            sent = http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new HubException.Unavailable(e.toString(), e));
        }
        return sent.handle((response, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                throw new HubException.Unavailable(request.method() + " " + request.uri().getPath() + ": "
                        + cause, cause instanceof IOException ? cause : null);
            }
            return checked(request, response);
        });
    }

    private static HttpResponse<byte[]> checked(HttpRequest request, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status < 300) {
            return response;
        }
        String what = request.method() + " " + request.uri().getPath() + " answered " + status + ": "
                + excerpt(response.body());
        if (status == 401) {
            throw new HubException.Unauthorized(what);
        }
        if (status >= 500 || status == 429 || status == 408) {
            throw new HubException.Unavailable(what, null);
        }
        throw new HubException.Rejected(status, what);
    }

    private static String excerpt(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
