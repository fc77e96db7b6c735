package dev.flotilla.meta.cluster;

import static dev.flotilla.meta.support.Fleet.ADMIN;
import static dev.flotilla.meta.support.Fleet.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.meta.support.Api;
import dev.flotilla.meta.support.Fleet;
import dev.flotilla.meta.support.IntegrationTest;
import dev.flotilla.meta.token.Secrets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Cordon and uncordon, bootstrap token rotation, the fleet summary, the state gauge and the API docs. */
@IntegrationTest
class ClusterLifecycleIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AgentCredentials agentCredentials;

    @Autowired
    ClusterStateGauges gauges;

    Api api;
    Fleet fleet;

    @BeforeEach
    void connect() {
        api = new Api(port);
        fleet = new Fleet(api);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            agent never registered     | false | 0    | REGISTERING
            heartbeat within timeout   | true  | 30   | READY
            heartbeat past timeout     | true  | 600  | NOT_READY
            registered, no heartbeat   | true  | -1   | NOT_READY
            """)
    void uncordonReturnsToTheStateTheAgentsHealthImplies(String why, boolean registered, long heartbeatAgeSeconds,
            String expected) {
        String name = "lc-uncordon-" + Integer.toHexString(why.hashCode());
        fleet.create(name, "lc", "r1", "z1", Map.of());
        if (registered) {
            registerAgent(name, "fla_" + name, heartbeatAgeSeconds < 0 ? null
                    : Instant.now().minusSeconds(heartbeatAgeSeconds));
        }

        JsonNode cordoned = operatorCall(name, "cordon");
        assertThat(cordoned.path("state").asString()).isEqualTo("CORDONED");
        assertThat(state(name)).isEqualTo("CORDONED");

        JsonNode uncordoned = operatorCall(name, "uncordon");
        assertThat(uncordoned.path("state").asString()).isEqualTo(expected);
        assertThat(state(name)).isEqualTo(expected);
    }

    @Test
    void cordoningTwiceOrUncordoningAnUncordonedClusterChangesNothing() {
        fleet.create("lc-twice", "lc", "r1", "z1", Map.of());
        long created = rowVersion("lc-twice");
        operatorCall("lc-twice", "uncordon");
        assertThat(rowVersion("lc-twice")).isEqualTo(created);
        operatorCall("lc-twice", "cordon");
        operatorCall("lc-twice", "cordon");
        assertThat(rowVersion("lc-twice")).isEqualTo(created + 1);
        assertThat(state("lc-twice")).isEqualTo("CORDONED");
    }

    @Test
    void aNewBootstrapTokenRevokesTheAgentToken() {
        String firstToken = fleet.create("lc-rotate", "lc", "r1", "z1", Map.of()).path("bootstrapToken").asString();
        registerAgent("lc-rotate", "fla_lc-rotate-agent", Instant.now());
        assertThat(agentCredentials.resolve("fla_lc-rotate-agent")).isPresent();

        Api.Reply rotated = api.post(ADMIN, "/api/v1/clusters/lc-rotate/bootstrap-token", null);

        assertThat(rotated.status()).as(rotated.raw()).isEqualTo(200);
        String secondToken = rotated.body().path("bootstrapToken").asString();
        assertThat(secondToken).startsWith(Secrets.BOOTSTRAP_PREFIX).isNotEqualTo(firstToken);
        assertThat(rotated.body().path("cluster").path("state").asString()).isEqualTo("REGISTERING");
        assertThat(Instant.parse(rotated.body().path("bootstrapExpiresAt").asString()))
                .isAfter(Instant.now().plus(23, ChronoUnit.HOURS));
        Map<String, Object> row = jdbc.sql("""
                        SELECT bootstrap_token_hash, agent_token_hash, state FROM cluster WHERE name = 'lc-rotate'""")
                .query().singleRow();
        assertThat(row.get("bootstrap_token_hash")).isEqualTo(Secrets.hash(secondToken));
        assertThat(row.get("agent_token_hash")).isNull();
        assertThat(agentCredentials.resolve("fla_lc-rotate-agent")).isEmpty();
    }

    @Test
    void aNewBootstrapTokenKeepsACordon() {
        fleet.create("lc-rotate-cordoned", "lc", "r1", "z1", Map.of());
        registerAgent("lc-rotate-cordoned", "fla_lc-rotate-cordoned", Instant.now());
        operatorCall("lc-rotate-cordoned", "cordon");
        Api.Reply rotated = api.post(ADMIN, "/api/v1/clusters/lc-rotate-cordoned/bootstrap-token", null);
        assertThat(rotated.body().path("cluster").path("state").asString()).isEqualTo("CORDONED");
        // the revoked agent is no longer registered, so an uncordon waits for it to register again
        assertThat(operatorCall("lc-rotate-cordoned", "uncordon").path("state").asString()).isEqualTo("REGISTERING");
    }

    @Test
    void missingClustersAreNotFound() {
        assertProblem(api.post(ADMIN, "/api/v1/clusters/lc-nowhere/cordon", null), 404);
        assertProblem(api.post(ADMIN, "/api/v1/clusters/lc-nowhere/bootstrap-token", null), 404);
    }

    @Test
    void theFleetSummaryCountsTheTenantsClusters() {
        for (String name : new String[] {"sum-1", "sum-2", "sum-3", "sum-4"}) {
            fleet.create(name, "summed", name.equals("sum-4") ? "ap" : "eu", "zone-" + name.charAt(4), Map.of());
        }
        jdbc.sql("UPDATE cluster SET state = 'READY', kubernetes_version = 'v1.30.1' WHERE name IN ('sum-1', 'sum-2')")
                .update();
        jdbc.sql("UPDATE cluster SET state = 'NOT_READY', kubernetes_version = 'v1.31.0' WHERE name = 'sum-3'")
                .update();
        String token = fleet.token("summed-viewer", "viewer", "summed");

        JsonNode summary = api.get(token, "/api/v1/fleet/summary").body();

        assertThat(summary).isEqualTo(Api.json("""
                {"clusters": 4,
                 "byState": {"REGISTERING": 1, "READY": 2, "NOT_READY": 1, "CORDONED": 0},
                 "byKubernetesVersion": {"unknown": 1, "v1.30.1": 2, "v1.31.0": 1},
                 "byRegion": {"ap": 1, "eu": 3},
                 "byZone": {"zone-1": 1, "zone-2": 1, "zone-3": 1, "zone-4": 1}}"""));
        JsonNode all = api.get(ADMIN, "/api/v1/fleet/summary").body();
        assertThat(all.path("clusters").asLong()).isEqualTo(count("TRUE"));
    }

    @Test
    void theStateGaugeCountsClustersByState() throws Exception {
        fleet.create("lc-gauge", "lc", "r1", "z1", Map.of());
        operatorCall("lc-gauge", "cordon");
        gauges.refresh();
        String scrape = scrape();
        assertThat(scrape).contains("flotilla_clusters{state=\"CORDONED\"} " + count("state = 'CORDONED'") + ".0")
                .contains("flotilla_clusters{state=\"REGISTERING\"} " + count("state = 'REGISTERING'") + ".0")
                .contains("flotilla_clusters{state=\"READY\"}");
    }

    @Test
    void theApiDocsDescribeTheInventory() {
        JsonNode docs = api.get(null, "/v3/api-docs").body();
        assertThat(docs.path("paths").propertyNames()).contains("/api/v1/clusters", "/api/v1/clusters/{name}",
                "/api/v1/clusters/{name}/cordon", "/api/v1/clusters/{name}/uncordon",
                "/api/v1/clusters/{name}/bootstrap-token", "/api/v1/fleet/summary");
    }

    private JsonNode operatorCall(String name, String action) {
        Api.Reply reply = api.post(ADMIN, "/api/v1/clusters/" + name + "/" + action, null);
        assertThat(reply.status()).as(reply.raw()).isEqualTo(200);
        return reply.body();
    }

    /** What the agent gateway does on registration and polls, written directly. */
    private void registerAgent(String name, String agentSecret, Instant lastHeartbeat) {
        jdbc.sql("""
                        UPDATE cluster SET agent_token_hash = ?, registered_at = now(), last_heartbeat_at = ?,
                                           state = 'READY'
                        WHERE name = ?""")
                .params(Secrets.hash(agentSecret), lastHeartbeat == null ? null : lastHeartbeat.atOffset(ZoneOffset.UTC),
                        name)
                .update();
    }

    private String scrape() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private String state(String name) {
        return jdbc.sql("SELECT state FROM cluster WHERE name = ?").param(name).query(String.class).single();
    }

    private long rowVersion(String name) {
        return jdbc.sql("SELECT row_version FROM cluster WHERE name = ?").param(name).query(Long.class).single();
    }

    private long count(String condition) {
        return jdbc.sql("SELECT count(*) FROM cluster WHERE " + condition).query(Long.class).single();
    }
}
