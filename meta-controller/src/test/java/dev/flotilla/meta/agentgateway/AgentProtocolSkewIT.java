package dev.flotilla.meta.agentgateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.api.agent.AgentProtocol;
import dev.flotilla.meta.support.Api;
import dev.flotilla.meta.token.Secrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Version skew during a rolling upgrade, over real HTTP: an agent of today (no protocol header, today's fields), a
 * newer agent (a newer minor, fields this meta-controller does not know) and an agent of another major.
 */
@GatewayIntegrationTest
class AgentProtocolSkewIT {

    /** Exactly what today's agent sends at registration and with its facts. */
    static final String TODAYS_FACTS = """
            {"kubernetesVersion":"v1.30.4","kruiseVersion":"v1.7.2","agentVersion":"0.1.0","nodes":3,
             "zones":["eu-west-1a"],"kubeletVersions":["v1.30.4"],"removedApisInUse":[]}""";

    /** A newer agent's facts: one field more. */
    static final String NEWER_FACTS = """
            {"kubernetesVersion":"v1.31.2","kruiseVersion":"v1.8.0","agentVersion":"0.9.0","nodes":5,
             "zones":["eu-west-1a"],"kubeletVersions":["v1.31.2"],"removedApisInUse":[],
             "gpuNodes":2,"runtime":{"name":"containerd","version":"2.0"}}""";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    GatewayTestBeans.TestWork work;

    @Autowired
    GatewayTestBeans.TestWorkOwner owner;

    record Answer(int status, String contentType, String protocol, String retryAfter, JsonNode body) {
        String detail() {
            return body == null ? null : body.path("detail").asString();
        }
    }

    Answer call(String method, String path, String token, String protocol, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (protocol != null) {
            request.header(AgentProtocol.HEADER, protocol);
        }
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(request.build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""),
                    r.headers().firstValue(AgentProtocol.HEADER).orElse(null),
                    r.headers().firstValue("Retry-After").orElse(null),
                    r.body() == null || r.body().isBlank() ? null : Api.json(r.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String bootstrap(String name) {
        String token = Secrets.generate(Secrets.BOOTSTRAP_PREFIX);
        new TestFleet(jdbc).awaitingRegistration(name, token, Instant.now().plus(Duration.ofHours(1)));
        return token;
    }

    static String report(String workId, long seq, String extraTop, String extraReport, String extraObserved) {
        return "{\"reports\":[{\"workId\":\"" + workId + "\",\"generation\":1,\"seq\":" + seq
                + ",\"phase\":\"BATCH_IN_PROGRESS\",\"batch\":1,\"batches\":3,\"observed\":{\"replicas\":3,"
                + "\"updatedReplicas\":1,\"updatedReadyReplicas\":1,\"readyReplicas\":3,\"observedGeneration\":2,"
                + "\"updateRevision\":\"web-1\"" + extraObserved + "},\"message\":null" + extraReport + "}]"
                + extraTop + "}";
    }

    Map<String, Object> factsRow(String name) {
        return jdbc.sql("SELECT kubernetes_version, agent_version, node_count, state, agent_token_hash FROM cluster "
                + "WHERE name = ?").param(name).query().singleRow();
    }

    @Test
    void anAgentOfTodayWithoutTheProtocolHeaderRegistersPollsReportsAndPushesFactsAsBefore() {
        String bootstrap = bootstrap("skew-old");

        Answer registered = call("POST", "/agent/v1/register", bootstrap, null, TODAYS_FACTS);
        assertThat(registered.status()).as(String.valueOf(registered.body())).isEqualTo(200);
        assertThat(registered.protocol()).isEqualTo(AgentProtocol.VERSION);
        String token = registered.body().path("agentToken").asString();
        long id = new TestFleet(jdbc).id("skew-old");
        work.put(id, "test:skew-old:a");
        new TestFleet(jdbc).bumpWork(id);

        Answer polled = call("GET", "/agent/v1/work?generation=0&timeoutSeconds=1", token, null, null);
        Answer reported = call("POST", "/agent/v1/status", token, null, report("test:skew-old:a", 1, "", "", ""));
        Answer facts = call("PUT", "/agent/v1/facts", token, null, TODAYS_FACTS.replace("\"nodes\":3", "\"nodes\":4"));

        assertThat(polled.status()).isEqualTo(200);
        assertThat(polled.protocol()).isEqualTo(AgentProtocol.VERSION);
        assertThat(polled.body().path("items").get(0).path("workId").asString()).isEqualTo("test:skew-old:a");
        assertThat(reported.status()).isEqualTo(204);
        assertThat(reported.protocol()).isEqualTo(AgentProtocol.VERSION);
        assertThat(owner.of(id)).extracting(r -> r.report().seq()).containsExactly(1L);
        assertThat(facts.status()).isEqualTo(204);
        assertThat(factsRow("skew-old")).containsEntry("node_count", 4).containsEntry("state", "READY");
    }

    @Test
    void aNewerAgentsMinorAndUnknownFieldsInFactsReportsAndEachReportItemAreAcceptedAndApplied() {
        String bootstrap = bootstrap("skew-new");

        Answer registered = call("POST", "/agent/v1/register", bootstrap, "1.9", NEWER_FACTS);
        assertThat(registered.status()).as(String.valueOf(registered.body())).isEqualTo(200);
        assertThat(registered.protocol()).isEqualTo(AgentProtocol.VERSION);
        String token = registered.body().path("agentToken").asString();
        long id = new TestFleet(jdbc).id("skew-new");
        work.put(id, "test:skew-new:a");

        Answer reported = call("POST", "/agent/v1/status", token, "1.9", report("test:skew-new:a", 7,
                ",\"traceId\":\"abc\"", ",\"progressPercent\":33,\"conditions\":[{\"type\":\"X\"}]",
                ",\"availableReplicas\":3"));
        Answer facts = call("PUT", "/agent/v1/facts", token, "1.9", NEWER_FACTS.replace("\"nodes\":5", "\"nodes\":6"));

        assertThat(reported.status()).as(String.valueOf(reported.body())).isEqualTo(204);
        assertThat(owner.of(id)).singleElement().satisfies(r -> {
            assertThat(r.report().seq()).isEqualTo(7);
            assertThat(r.report().observed().updatedReadyReplicas()).isEqualTo(1);
            assertThat(r.report().observed().updateRevision()).isEqualTo("web-1");
        });
        assertThat(facts.status()).as(String.valueOf(facts.body())).isEqualTo(204);
        assertThat(factsRow("skew-new")).containsEntry("kubernetes_version", "v1.31.2")
                .containsEntry("agent_version", "0.9.0").containsEntry("node_count", 6);
    }

    @Test
    void aNewerAgentsKnownFieldsAreStillValidatedAsStrictlyAsBefore() {
        String token = new TestFleet(jdbc).registered("skew-strict", "READY");

        Answer facts = call("PUT", "/agent/v1/facts", token, "1.9", NEWER_FACTS.replace("\"nodes\":5", "\"nodes\":-1"));
        Answer reported = call("POST", "/agent/v1/status", token, "1.9",
                "{\"reports\":[{\"workId\":\"\",\"generation\":1,\"seq\":1,\"phase\":\"APPLYING\",\"extra\":1}]}");

        assertThat(facts.status()).isEqualTo(400);
        assertThat(facts.detail()).contains("nodes");
        assertThat(reported.status()).isEqualTo(400);
        assertThat(reported.detail()).contains("workId");
    }

    @Test
    void anAgentOfAnotherMajorIsRefusedAsUnsupportedProtocolNamingBothVersionsAndChangesNothing() {
        String bootstrap = bootstrap("skew-major");
        String token = new TestFleet(jdbc).registered("skew-major-known", "READY");
        long known = new TestFleet(jdbc).id("skew-major-known");
        work.put(known, "test:skew-major-known:a");

        Answer registered = call("POST", "/agent/v1/register", bootstrap, "2.0", TODAYS_FACTS);
        Answer facts = call("PUT", "/agent/v1/facts", token, "2.0", TODAYS_FACTS);
        Answer reported = call("POST", "/agent/v1/status", token, "2.0",
                report("test:skew-major-known:a", 1, "", "", ""));
        Answer polled = call("GET", "/agent/v1/work?generation=0&timeoutSeconds=1", token, "2.0", null);

        for (Answer answer : new Answer[] {registered, facts, reported, polled}) {
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.contentType()).contains("application/problem+json");
            assertThat(answer.protocol()).isEqualTo(AgentProtocol.VERSION);
            assertThat(answer.body().path("type").asString()).endsWith("/unsupported-protocol");
            assertThat(answer.detail()).contains("2.0").contains(AgentProtocol.VERSION);
        }
        assertThat(factsRow("skew-major")).containsEntry("state", "REGISTERING")
                .containsEntry("agent_token_hash", null).containsEntry("kubernetes_version", null);
        assertThat(factsRow("skew-major-known")).containsEntry("kubernetes_version", null);
        assertThat(owner.of(known)).isEmpty();
        assertThat(call("POST", "/agent/v1/register", bootstrap, "1.0", TODAYS_FACTS).status())
                .as("the bootstrap token was not spent").isEqualTo(200);
    }

    @Test
    void aMalformedProtocolHeaderIsRefusedAsUnsupportedProtocol() {
        String token = new TestFleet(jdbc).registered("skew-malformed", "READY");

        Answer polled = call("GET", "/agent/v1/work?generation=0&timeoutSeconds=1", token, "one", null);

        assertThat(polled.status()).isEqualTo(400);
        assertThat(polled.body().path("type").asString()).endsWith("/unsupported-protocol");
        assertThat(polled.detail()).contains("'one'");
    }
}
