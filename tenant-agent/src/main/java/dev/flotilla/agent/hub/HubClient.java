package dev.flotilla.agent.hub;

import dev.flotilla.api.agent.AgentProtocol;
import dev.flotilla.api.agent.AgentTokens;
import dev.flotilla.api.agent.ClusterFacts;
import dev.flotilla.api.agent.RegisterRequest;
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
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agent protocol over HTTP+JSON, one method per endpoint, all {@code sendAsync}: no thread waits on a call, so
 * one JVM can hold thousands of agents' long polls. Failures arrive as {@link HubException}s.
 *
 * <p>Version skew: every request carries this agent's {@link AgentProtocol#HEADER}; answers are read ignoring
 * fields this version does not know (a newer meta-controller's), whatever the mapper it is given; a meta-controller
 * of another minor is logged once per JVM and version, one that refuses this major fails the call with
 * {@link HubException.Incompatible}. A 503 or 429 carries its {@code Retry-After} in {@link HubException.Unavailable}.
 */
public final class HubClient {

    private static final Logger log = LoggerFactory.getLogger(HubClient.class);
    /** The meta-controller versions already warned about (one line per JVM and version, not per agent). */
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();
    /** A Retry-After beyond this is taken as this. */
    static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

    private final HttpClient http;
    private final JsonMapper json;
    private final URI base;
    private final Duration requestTimeout;

    public HubClient(HttpClient http, JsonMapper json, URI base, Duration requestTimeout) {
        this.http = http;
        // an older meta-controller's answer lacks the newer fields: a missing boolean (WorkItem.uninstall, protocol
        // 1.2) reads as false rather than failing the whole work answer. The runtime's mapper is built so already and
        // is shared as it is: a mapper per client would learn every type again (thousands of simulated agents)
        this.json = lenient(json) ? json : json.rebuild().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();
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
        return register(bootstrapToken, proposedAgentToken, RegisterRequest.of(facts));
    }

    /** Registers with a bootstrap token or a registration token (the request then names the cluster to add). */
    public CompletableFuture<RegisterResponse> register(String token, String proposedAgentToken,
            RegisterRequest body) {
        HttpRequest request = json("/agent/v1/register", token, requestTimeout)
                .header(AgentTokens.PROPOSED_HEADER, proposedAgentToken)
                .POST(body(body)).build();
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

    /** Whether the mapper already reads newer and older answers as this client needs. */
    static boolean lenient(JsonMapper json) {
        return !json.isEnabled(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                && !json.isEnabled(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }

    private HttpRequest.Builder json(String path, String token, Duration timeout) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .header(AgentProtocol.HEADER, AgentProtocol.VERSION)
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

    private HttpResponse<byte[]> checked(HttpRequest request, HttpResponse<byte[]> response) {
        response.headers().firstValue(AgentProtocol.HEADER).ifPresent(HubClient::peerVersion);
        int status = response.statusCode();
        if (status < 300) {
            return response;
        }
        String what = request.method() + " " + request.uri().getPath() + " answered " + status + ": "
                + excerpt(response.body());
        if (status == 401) {
            throw new HubException.Unauthorized(what);
        }
        if (status == 400 && unsupportedProtocol(response.body())) {
            throw new HubException.Incompatible("the meta-controller refuses this agent's protocol "
                    + AgentProtocol.VERSION + " (it speaks " + response.headers().firstValue(AgentProtocol.HEADER)
                    .orElse("an unknown version") + "); run an agent of its major version. " + what);
        }
        if (status >= 500 || status == 429 || status == 408) {
            Duration retryAfter = status == 503 || status == 429
                    ? retryAfter(response.headers().firstValue("Retry-After").orElse(null), Instant.now())
                    : null;
            throw new HubException.Unavailable(what, null, retryAfter);
        }
        throw new HubException.Rejected(status, what);
    }

    /** Warns once per JVM when the meta-controller speaks another minor (another major it refuses itself). */
    private static void peerVersion(String header) {
        AgentProtocol.Version peer;
        try {
            peer = AgentProtocol.parse(header);
        } catch (IllegalArgumentException e) {
            if (WARNED.add(header)) {
                log.warn("the meta-controller answers an unreadable protocol version: {}", e.getMessage());
            }
            return;
        }
        if (!peer.equals(AgentProtocol.current()) && WARNED.add(peer.toString())) {
            log.warn("the meta-controller speaks agent protocol {}, this agent {}: {}", peer, AgentProtocol.VERSION,
                    peer.compatible() ? "compatible (fields either side does not know are ignored)"
                            : "another major version");
        }
    }

    private boolean unsupportedProtocol(byte[] body) {
        try {
            return json.readTree(body).path("type").asString("").endsWith("/" + AgentProtocol.UNSUPPORTED_PROBLEM);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * A {@code Retry-After} value (seconds, or an HTTP date) as a wait from {@code now}, at most
     * {@link #MAX_RETRY_AFTER}; null when absent or unreadable.
     */
    static Duration retryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Duration wait;
        try {
            wait = Duration.ofSeconds(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            try {
                wait = Duration.between(now, ZonedDateTime.parse(value.strip(),
                        DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
        if (wait.isNegative()) {
            return Duration.ZERO;
        }
        return wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait;
    }

    private static String excerpt(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
