package dev.flotilla.meta.registration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.api.agent.AgentTokens;
import dev.flotilla.api.agent.ClusterFacts;
import dev.flotilla.api.agent.RegisterRequest;
import dev.flotilla.meta.support.Api;
import dev.flotilla.meta.support.IntegrationTest;
import dev.flotilla.meta.token.Secrets;
import dev.flotilla.testsupport.SharedPostgres;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class RegistrationTokenIT {

    static final String ADMIN = SharedPostgres.ADMIN_TOKEN;
    static final ClusterFacts FACTS = new ClusterFacts("v1.30.4", "v1.7.2", "0.1.0", 3,
            List.of("eu-west-1b", "eu-west-1c"), List.of("v1.30.4"), List.of(), List.of("eu-west-1"));

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    Api api() {
        return new Api(port);
    }

    JsonNode issue(String name, int maxUses, Map<String, Object> extra) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("name", name, "tenant", "shop", "ttl", "2h",
                "maxUses", maxUses, "labels", Map.of("env", "prod")));
        body.putAll(extra);
        Api.Reply reply = api().post(ADMIN, "/api/v1/registration-tokens", body);
        assertThat(reply.status()).as(reply.raw()).isEqualTo(201);
        return reply.body();
    }

    Api.Reply register(String token, String cluster, Map<String, String> labels) {
        return api().post(token, "/agent/v1/register", new RegisterRequest(cluster, labels, FACTS));
    }

    @Test
    void anAgentWithTheTokenAndANameAddsItsClusterWithTheTokensLabelsAndTheZoneItsNodesReport() {
        String token = issue("rt-fleet", 5, Map.of()).path("token").asString();

        Api.Reply reply = register(token, "rt-self-1", Map.of("team", "payments", "env", "dev"));

        assertThat(reply.status()).as(reply.raw()).isEqualTo(200);
        assertThat(reply.body().path("cluster").asString()).isEqualTo("rt-self-1");
        String agentToken = reply.body().path("agentToken").asString();
        JsonNode cluster = api().get(ADMIN, "/api/v1/clusters/rt-self-1").body();
        assertThat(cluster.path("tenant").asString()).isEqualTo("shop");
        assertThat(cluster.path("state").asString()).isEqualTo("READY");
        assertThat(cluster.path("region").asString()).isEqualTo("eu-west-1");
        assertThat(cluster.path("zone").asString()).isEqualTo("eu-west-1b");
        assertThat(cluster.path("labels").path("env").asString()).as("the token's label wins").isEqualTo("prod");
        assertThat(cluster.path("labels").path("team").asString()).isEqualTo("payments");
        assertThat(cluster.path("kubernetesVersion").asString()).isEqualTo("v1.30.4");
        assertThat(api().get(agentToken, "/agent/v1/work?generation=0&timeoutSeconds=1").status())
                .as("the agent token opens the poll (no work yet: 204)").isEqualTo(204);
        JsonNode listed = api().get(ADMIN, "/api/v1/registration-tokens/" + idOf("rt-fleet")).body();
        assertThat(listed.path("uses").asInt()).isEqualTo(1);
        assertThat(listed.path("lastCluster").asString()).isEqualTo("rt-self-1");
        assertThat(listed.path("lastUsedAt").isNull()).isFalse();
        assertThat(listed.path("state").asString()).isEqualTo("ACTIVE");
    }

    @Test
    void theTokensOwnRegionAndZoneWinOverWhatTheNodesReport() {
        String token = issue("rt-placed", 1, Map.of("region", "us-east", "zone", "us-east-2a")).path("token")
                .asString();

        assertThat(register(token, "rt-placed-1", Map.of()).status()).isEqualTo(200);

        JsonNode cluster = api().get(ADMIN, "/api/v1/clusters/rt-placed-1").body();
        assertThat(cluster.path("region").asString()).isEqualTo("us-east");
        assertThat(cluster.path("zone").asString()).isEqualTo("us-east-2a");
    }

    @Test
    void theSecretIsShownOnceAndOnlyItsHashIsStored() {
        JsonNode issued = issue("rt-hashed", 1, Map.of());
        String token = issued.path("token").asString();

        assertThat(token).startsWith(Secrets.REGISTRATION_PREFIX);
        String stored = jdbc.sql("SELECT token_hash FROM registration_token WHERE name = 'rt-hashed'")
                .query(String.class).single();
        assertThat(stored).isEqualTo(Secrets.hash(token)).doesNotContain(token.substring(4));
        Api.Reply list = api().get(ADMIN, "/api/v1/registration-tokens");
        assertThat(list.raw()).contains("rt-hashed").doesNotContain(token).doesNotContain(stored);
        assertThat(issued.path("maxUses").asInt()).isEqualTo(1);
        assertThat(issued.path("createdBy").asString()).isEqualTo("admin");
    }

    @Test
    void anExpiredTokenIsRefusedWith401SayingItExpired() {
        String token = issue("rt-expired", 3, Map.of()).path("token").asString();
        jdbc.sql("UPDATE registration_token SET expires_at = now() - interval '1 minute' WHERE name = 'rt-expired'")
                .update();

        Api.Reply reply = register(token, "rt-expired-1", Map.of());

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.detail()).contains("rt-expired").contains("expired at");
        assertThat(api().get(ADMIN, "/api/v1/clusters/rt-expired-1").status()).isEqualTo(404);
        assertThat(api().get(ADMIN, "/api/v1/registration-tokens/" + idOf("rt-expired")).body().path("state")
                .asString()).isEqualTo("EXPIRED");
    }

    @Test
    void aRevokedTokenIsRefusedWith401AndItsClustersStay() {
        String token = issue("rt-revoked", 3, Map.of()).path("token").asString();
        assertThat(register(token, "rt-revoked-1", Map.of()).status()).isEqualTo(200);

        assertThat(api().delete(ADMIN, "/api/v1/registration-tokens/" + idOf("rt-revoked")).status()).isEqualTo(204);
        Api.Reply reply = register(token, "rt-revoked-2", Map.of());

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.detail()).contains("revoked");
        assertThat(api().get(ADMIN, "/api/v1/clusters/rt-revoked-1").status()).isEqualTo(200);
        JsonNode view = api().get(ADMIN, "/api/v1/registration-tokens/" + idOf("rt-revoked")).body();
        assertThat(view.path("state").asString()).isEqualTo("REVOKED");
        assertThat(view.path("uses").asInt()).isEqualTo(1);
    }

    @Test
    void aNameAlreadyTakenIsA409AndCountsNoUse() {
        String token = issue("rt-taken", 2, Map.of()).path("token").asString();
        assertThat(register(token, "rt-taken-1", Map.of()).status()).isEqualTo(200);

        Api.Reply reply = register(token, "rt-taken-1", Map.of());

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.detail()).contains("'rt-taken-1' already exists");
        assertThat(reply.body().path("cluster").asString()).isEqualTo("rt-taken-1");
        assertThat(api().get(ADMIN, "/api/v1/registration-tokens/" + idOf("rt-taken")).body().path("uses").asInt())
                .isEqualTo(1);
        assertThat(register(token, "rt-taken-2", Map.of()).status()).as("the second use is still there")
                .isEqualTo(200);
    }

    @Test
    void aRetriedRegistrationWithTheSameProposedTokenIsAnsweredAgainWithoutASecondUse() {
        String token = issue("rt-retry", 2, Map.of()).path("token").asString();
        String proposed = AgentTokens.generate();
        RegisterRequest request = new RegisterRequest("rt-retry-1", Map.of(), FACTS);

        Api.Reply first = api().post(token, "/agent/v1/register", request, AgentTokens.PROPOSED_HEADER, proposed);
        Api.Reply retried = api().post(token, "/agent/v1/register", request, AgentTokens.PROPOSED_HEADER, proposed);

        assertThat(first.status()).as(first.raw()).isEqualTo(200);
        assertThat(retried.status()).as(retried.raw()).isEqualTo(200);
        assertThat(retried.body()).isEqualTo(first.body());
        assertThat(api().get(ADMIN, "/api/v1/registration-tokens/" + idOf("rt-retry")).body().path("uses").asInt())
                .isEqualTo(1);
    }

    @Test
    void badRequestsAreProblemsNamingTheField() {
        String token = issue("rt-bad", 2, Map.of()).path("token").asString();

        Api.Reply noName = register(token, null, Map.of());
        Api.Reply badTtl = api().post(ADMIN, "/api/v1/registration-tokens",
                Map.of("name", "rt-bad-ttl", "tenant", "shop", "ttl", "forever"));
        Api.Reply zeroUses = api().post(ADMIN, "/api/v1/registration-tokens",
                Map.of("name", "rt-bad-uses", "tenant", "shop", "maxUses", 0));
        Api.Reply sameName = api().post(ADMIN, "/api/v1/registration-tokens", Map.of("name", "rt-bad", "tenant", "x"));
        Api.Reply missing = api().get(ADMIN, "/api/v1/registration-tokens/999999");

        assertThat(noName.status()).isEqualTo(400);
        assertThat(noName.detail()).contains("clusterName");
        assertThat(badTtl.status()).isEqualTo(400);
        assertThat(badTtl.detail()).contains("ttl").contains("forever");
        assertThat(zeroUses.status()).isEqualTo(400);
        assertThat(zeroUses.detail()).contains("maxUses");
        assertThat(sameName.status()).isEqualTo(409);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(api().get(ADMIN, "/api/v1/registration-tokens/" + idOf("rt-bad")).body().path("uses").asInt())
                .as("a refused registration counts no use").isZero();
    }

    @Test
    void onlyAnAdminMayIssueOrListRegistrationTokens() {
        String operator = api().post(ADMIN, "/api/v1/tokens", Map.of("name", "rt-operator", "role", "operator"))
                .body().path("token").asString();

        assertThat(api().get(operator, "/api/v1/registration-tokens").status()).isEqualTo(403);
        assertThat(api().post(operator, "/api/v1/registration-tokens", Map.of("name", "rt-op", "tenant", "shop"))
                .status()).isEqualTo(403);
    }

    @Test
    void aTenantScopedAdminIssuesAndSeesOnlyItsTenantsTokens() {
        issue("rt-other-tenant", 1, Map.of());
        String tenantAdmin = api().post(ADMIN, "/api/v1/tokens", Map.of("name", "rt-tenant-admin", "role", "admin",
                "tenant", "rt-scoped")).body().path("token").asString();

        Api.Reply own = api().post(tenantAdmin, "/api/v1/registration-tokens", Map.of("name", "rt-scoped-fleet",
                "tenant", "rt-scoped"));
        Api.Reply foreign = api().post(tenantAdmin, "/api/v1/registration-tokens", Map.of("name", "rt-foreign",
                "tenant", "shop"));
        Api.Reply list = api().get(tenantAdmin, "/api/v1/registration-tokens");
        Api.Reply other = api().get(tenantAdmin, "/api/v1/registration-tokens/" + idOf("rt-other-tenant"));

        assertThat(own.status()).isEqualTo(201);
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.detail()).contains("tenant 'shop'");
        assertThat(list.body()).extracting(t -> t.path("name").asString()).containsExactly("rt-scoped-fleet");
        assertThat(other.status()).as("another tenant's token is not found").isEqualTo(404);
    }

    long idOf(String name) {
        return jdbc.sql("SELECT id FROM registration_token WHERE name = ?").param(name).query(Long.class).single();
    }
}
