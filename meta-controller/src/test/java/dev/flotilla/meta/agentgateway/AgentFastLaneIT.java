package dev.flotilla.meta.agentgateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.api.agent.AgentProtocol;
import dev.flotilla.api.agent.StatusReports;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agent API's fast lane ({@link AgentFastLane}): a known agent's well-formed report, poll and ping are answered
 * without Spring MVC (no controller call is counted), every other call goes on to the controller and gets its usual
 * answer, and both carry the same security headers.
 */
@GatewayIntegrationTest
class AgentFastLaneIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    GatewayTestBeans.TestWork work;

    @Autowired
    GatewayTestBeans.TestWorkOwner owner;

    @Autowired
    GatewayTestBeans.MvcCalls mvc;

    record Answer(int status, HttpResponse<String> response) {
        JsonNode body() {
            return JSON.readTree(response.body());
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }
    }

    @Test
    void aKnownAgentsReportPollAndPingAreAnsweredWithoutSpringMvc() {
        TestFleet fleet = new TestFleet(jdbc);
        String token = fleet.registered("fast-lane-happy", "READY");
        long id = fleet.id("fast-lane-happy");
        work.put(id, "test:fast-lane-happy:a");
        fleet.bumpWork(id);
        int reportsBefore = mvc.of("POST", "/agent/v1/status");
        int pollsBefore = mvc.of("GET", "/agent/v1/work");
        int pingsBefore = mvc.of("GET", "/agent/v1/ping");
        String reports = JSON.writeValueAsString(new StatusReports(List.of(
                StatusReportIT.report("test:fast-lane-happy:a", 1))));

        Answer report = send(token, "POST", "/agent/v1/status", reports, "application/json; charset=UTF-8");
        Answer poll = send(token, "GET", "/agent/v1/work?generation=0&timeoutSeconds=1", null, null);
        Answer waited = send(token, "GET", "/agent/v1/work?generation=" + Long.MAX_VALUE / 2 + "&timeoutSeconds=1",
                null, null);
        Answer ping = send(token, "GET", "/agent/v1/ping", null, null);

        assertThat(report.status()).isEqualTo(204);
        assertThat(owner.of(id)).extracting(r -> r.report().workId()).contains("test:fast-lane-happy:a");
        assertThat(poll.status()).isEqualTo(200);
        assertThat(poll.body().path("items").toString()).contains("test:fast-lane-happy:a");
        assertThat(waited.status()).as("nothing newer within the second asked for").isEqualTo(204);
        assertThat(ping.status()).isEqualTo(204);
        assertThat(mvc.of("POST", "/agent/v1/status")).isEqualTo(reportsBefore);
        assertThat(mvc.of("GET", "/agent/v1/work")).isEqualTo(pollsBefore);
        assertThat(mvc.of("GET", "/agent/v1/ping")).isEqualTo(pingsBefore);
    }

    @Test
    void everyOtherCallGoesOnToTheControllerAndGetsItsUsualAnswer() {
        TestFleet fleet = new TestFleet(jdbc);
        String token = fleet.registered("fast-lane-other", "READY");
        int reportsBefore = mvc.of("POST", "/agent/v1/status");
        int pollsBefore = mvc.of("GET", "/agent/v1/work");

        Answer noReports = send(token, "POST", "/agent/v1/status", "{}", "application/json");
        Answer blankWorkId = send(token, "POST", "/agent/v1/status",
                "{\"reports\":[{\"workId\":\" \",\"generation\":1,\"seq\":1,\"phase\":\"APPLYING\"}]}",
                "application/json");
        Answer malformed = send(token, "POST", "/agent/v1/status", "{\"reports\":[", "application/json");
        Answer text = send(token, "POST", "/agent/v1/status", "{\"reports\":[]}", "text/plain");
        Answer timeout = send(token, "GET", "/agent/v1/work?timeoutSeconds=0", null, null);
        Answer generation = send(token, "GET", "/agent/v1/work?generation=-1", null, null);
        Answer unknownToken = send("fla_" + "x".repeat(40), "GET", "/agent/v1/ping", null, null);

        assertThat(noReports.status()).isEqualTo(400);
        assertThat(noReports.body().path("detail").asString()).contains("reports");
        assertThat(blankWorkId.status()).isEqualTo(400);
        assertThat(blankWorkId.body().path("detail").asString()).contains("workId");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(text.status()).isEqualTo(415);
        assertThat(timeout.status()).isEqualTo(400);
        assertThat(timeout.body().path("detail").asString()).contains("timeoutSeconds");
        assertThat(generation.status()).isEqualTo(400);
        assertThat(generation.body().path("detail").asString()).contains("generation");
        assertThat(unknownToken.status()).isEqualTo(401);
        assertThat(mvc.of("POST", "/agent/v1/status") - reportsBefore).as("each bad report reached the controller")
                .isEqualTo(4);
        assertThat(mvc.of("GET", "/agent/v1/work") - pollsBefore).isEqualTo(2);
    }

    @Test
    void aReportOnAnItemNoReceiverOwnsIsRefusedAsTheControllerRefusesIt() {
        TestFleet fleet = new TestFleet(jdbc);
        String token = fleet.registered("fast-lane-mine", "READY");
        String unknown = JSON.writeValueAsString(new StatusReports(List.of(
                StatusReportIT.report("nokind:fast-lane-nobody:a", 1))));

        Answer refused = send(token, "POST", "/agent/v1/status", unknown, "application/json");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.body().path("detail").asString()).contains("nokind:fast-lane-nobody:a");
        assertThat(refused.body().path("instance").asString()).isEqualTo("/agent/v1/status");
    }

    /** The fast lane writes Spring Security's default headers itself: the same as the usual path's answers carry. */
    @Test
    void fastLaneAnswersCarryTheSecurityHeadersOfEveryOtherAnswer() {
        TestFleet fleet = new TestFleet(jdbc);
        String token = fleet.registered("fast-lane-headers", "READY");

        Answer fast = send(token, "GET", "/agent/v1/ping", null, null);
        Answer usual = send(token, "POST", "/agent/v1/status", "{}", "application/json");

        assertThat(fast.status()).isEqualTo(204);
        assertThat(usual.status()).isEqualTo(400);
        for (String[] header : AgentFastLane.SECURITY_HEADERS) {
            assertThat(usual.response().headers().allValues(header[0])).as(header[0] + " on the usual path")
                    .containsExactly(header[1]);
            assertThat(fast.response().headers().allValues(header[0])).as(header[0] + " on the fast lane")
                    .containsExactly(header[1]);
        }
        assertThat(fast.header(AgentProtocol.HEADER)).isEqualTo(usual.header(AgentProtocol.HEADER))
                .isNotBlank();
    }

    private Answer send(String token, String method, String path, String body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
