package dev.flotilla.meta.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.meta.support.Api;
import dev.flotilla.meta.support.Fleet;
import dev.flotilla.meta.support.IntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Request budgets on a running service: each API token has its own on the portal API, each agent its own on the
 * agent API, and one used up answers 429 problem with {@code Retry-After} without touching anyone else's.
 */
@IntegrationTest
@TestPropertySource(properties = {
        "flotilla.rate-limits.portal.requests-per-second=0.2", "flotilla.rate-limits.portal.burst=4",
        "flotilla.rate-limits.agent.requests-per-second=0.2", "flotilla.rate-limits.agent.burst=3"})
class RateLimitIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    record Answer(int status, String contentType, String retryAfter, JsonNode body) {
    }

    @Test
    void aTokenOverItsBudgetIsAnswered429WithRetryAfterWhileOtherTokensGoOn() {
        Fleet fleet = new Fleet(new Api(port), jdbc);
        String busy = fleet.token("rl-busy", "viewer", null);
        String calm = fleet.token("rl-calm", "viewer", null);

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            statuses.add(send(busy, "GET", "/api/v1/me", null).status());
        }
        Answer refused = send(busy, "GET", "/api/v1/me", null);
        Answer other = send(calm, "GET", "/api/v1/me", null);

        assertThat(statuses).containsOnly(200);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.body().path("type").asString()).endsWith("/too-many-requests");
        assertThat(refused.body().path("detail").asString()).contains("rl-busy", "0.2 requests per second");
        assertThat(Long.parseLong(refused.retryAfter())).isBetween(1L, 5L);
        assertThat(other.status()).isEqualTo(200);
    }

    @Test
    void agentsHaveTheirOwnBudgetSoABusyPortalCannotStarveThemNorTheReverse() {
        Fleet fleet = new Fleet(new Api(port), jdbc);
        String portal = fleet.token("rl-portal", "viewer", null);
        String agent = fleet.token(fleet.add("rl-agent", "eu-1a", "READY"));
        String otherAgent = fleet.token(fleet.add("rl-other-agent", "eu-1a", "READY"));

        for (int i = 0; i < 4; i++) {
            send(portal, "GET", "/api/v1/me", null);
        }
        assertThat(send(portal, "GET", "/api/v1/me", null).status()).isEqualTo(429);
        List<Integer> agentStatuses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            // an empty body is bad input (400): still a request the budget counts
            agentStatuses.add(send(agent, "PUT", "/agent/v1/facts", "{}").status());
        }
        Answer agentRefused = send(agent, "PUT", "/agent/v1/facts", "{}");
        Answer otherAgentAnswer = send(otherAgent, "PUT", "/agent/v1/facts", "{}");

        assertThat(agentStatuses).doesNotContain(429);
        assertThat(agentRefused.status()).isEqualTo(429);
        assertThat(agentRefused.retryAfter()).isNotBlank();
        assertThat(agentRefused.body().path("detail").asString()).contains("agent API", "rl-agent");
        assertThat(otherAgentAnswer.status()).isNotEqualTo(429);
    }

    /**
     * The agent API's fast lane (agentgateway.AgentFastLane) answers ping, polls and reports ahead of the security
     * filters: it counts them against the same budget and refuses as the usual filter does; a call it hands on to
     * the controller (here a report that does not validate) is counted once, not again there.
     */
    @Test
    void theAgentsFastLaneCountsEachCallOnceAgainstTheSameBudget() {
        Fleet fleet = new Fleet(new Api(port), jdbc);
        String agent = fleet.token(fleet.add("rl-fast", "eu-1a", "READY"));

        List<Integer> statuses = new ArrayList<>();
        statuses.add(send(agent, "GET", "/agent/v1/ping", null).status());
        statuses.add(send(agent, "POST", "/agent/v1/status", "{}").status());
        statuses.add(send(agent, "GET", "/agent/v1/ping", null).status());
        Answer refused = send(agent, "GET", "/agent/v1/ping", null);
        Answer refusedReport = send(agent, "POST", "/agent/v1/status", "{\"reports\":[]}");

        assertThat(statuses).containsExactly(204, 400, 204);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.body().path("type").asString()).endsWith("/too-many-requests");
        assertThat(refused.body().path("detail").asString()).contains("agent API", "rl-fast");
        assertThat(Long.parseLong(refused.retryAfter())).isBetween(1L, 5L);
        assertThat(refusedReport.status()).isEqualTo(429);
    }

    private Answer send(String token, String method, String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            String raw = response.body();
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().firstValue("Retry-After").orElse(null),
                    raw == null || raw.isBlank() ? null : JSON.readTree(raw));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
