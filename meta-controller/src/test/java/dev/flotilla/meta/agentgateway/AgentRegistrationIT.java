package dev.flotilla.meta.agentgateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.api.agent.AgentTokens;
import dev.flotilla.api.agent.ClusterFacts;
import dev.flotilla.meta.support.Api;
import dev.flotilla.meta.token.Secrets;
import dev.flotilla.testsupport.SharedPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@GatewayIntegrationTest
class AgentRegistrationIT {

    static final ClusterFacts FACTS = new ClusterFacts("v1.30.4", "v1.7.2", "0.1.0", 3,
            List.of("eu-west-1a", "eu-west-1b"), List.of("v1.30.4"), List.of());

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    Api api() {
        return new Api(port);
    }

    TestFleet fleet() {
        return new TestFleet(jdbc);
    }

    String bootstrap(String name, Instant expiresAt) {
        String token = Secrets.generate(Secrets.BOOTSTRAP_PREFIX);
        fleet().awaitingRegistration(name, token, expiresAt);
        return token;
    }

    @Test
    void aRetriedRegistrationWithTheSameProposedTokenGetsTheSameAnswerAndNoOtherDoes() {
        String bootstrap = bootstrap("reg-retry", Instant.now().plus(Duration.ofHours(1)));
        String proposed = AgentTokens.generate();

        Api.Reply first = api().post(bootstrap, "/agent/v1/register", FACTS, AgentTokens.PROPOSED_HEADER, proposed);
        Api.Reply retried = api().post(bootstrap, "/agent/v1/register", FACTS, AgentTokens.PROPOSED_HEADER, proposed);
        Api.Reply other = api().post(bootstrap, "/agent/v1/register", FACTS, AgentTokens.PROPOSED_HEADER,
                AgentTokens.generate());
        Api.Reply withoutProposal = api().post(bootstrap, "/agent/v1/register", FACTS);

        assertThat(first.status()).as(first.raw()).isEqualTo(200);
        assertThat(first.body().path("agentToken").asString()).isEqualTo(proposed);
        assertThat(retried.status()).as(retried.raw()).isEqualTo(200);
        assertThat(retried.body()).isEqualTo(first.body());
        assertThat(api().get(proposed, "/agent/v1/work?generation=0&timeoutSeconds=1").status())
                .as("the token opens the poll (no work yet: 204)").isEqualTo(204);
        assertThat(other.status()).as("another agent token with a spent bootstrap token").isEqualTo(401);
        assertThat(other.detail()).contains("unknown or was already used");
        assertThat(withoutProposal.status()).isEqualTo(401);
        assertThat(jdbc.sql("SELECT agent_token_hash FROM cluster WHERE name = 'reg-retry'").query(String.class)
                .single()).isEqualTo(Secrets.hash(proposed));
    }

    @Test
    void aRetryIsNotAnsweredOnceTheBootstrapTokenWasReissuedOrTheWindowPassed() {
        String bootstrap = bootstrap("reg-reissued", Instant.now().plus(Duration.ofHours(1)));
        String proposed = AgentTokens.generate();
        assertThat(api().post(bootstrap, "/agent/v1/register", FACTS, AgentTokens.PROPOSED_HEADER, proposed).status())
                .isEqualTo(200);
        assertThat(api().post(SharedPostgres.ADMIN_TOKEN, "/api/v1/clusters/reg-reissued/bootstrap-token", null)
                .status()).isEqualTo(200);

        assertThat(api().post(bootstrap, "/agent/v1/register", FACTS, AgentTokens.PROPOSED_HEADER, proposed).status())
                .as("the reissue revoked that registration").isEqualTo(401);

        String late = bootstrap("reg-late", Instant.now().plus(Duration.ofHours(1)));
        String lateToken = AgentTokens.generate();
        assertThat(api().post(late, "/agent/v1/register", FACTS, AgentTokens.PROPOSED_HEADER, lateToken).status())
                .isEqualTo(200);
        jdbc.sql("UPDATE cluster SET registered_at = now() - interval '11 minutes' WHERE name = 'reg-late'").update();
        assertThat(api().post(late, "/agent/v1/register", FACTS, AgentTokens.PROPOSED_HEADER, lateToken).status())
                .as("past the retry window").isEqualTo(401);
    }

    @Test
    void aMalformedProposedTokenIsA400NamingTheHeaderAndSpendsNothing() {
        String bootstrap = bootstrap("reg-malformed", Instant.now().plus(Duration.ofHours(1)));

        Api.Reply reply = api().post(bootstrap, "/agent/v1/register", FACTS, AgentTokens.PROPOSED_HEADER, "fla_short");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.detail()).contains(AgentTokens.PROPOSED_HEADER);
        assertThat(api().post(bootstrap, "/agent/v1/register", FACTS).status()).as("the bootstrap token still works")
                .isEqualTo(200);
    }

    @Test
    void registersOnceWithABootstrapTokenAndReturnsAWorkingAgentToken() {
        String bootstrap = bootstrap("reg-once", Instant.now().plus(Duration.ofHours(1)));

        Api.Reply first = api().post(bootstrap, "/agent/v1/register", FACTS);
        Api.Reply second = api().post(bootstrap, "/agent/v1/register", FACTS);

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().path("cluster").asString()).isEqualTo("reg-once");
        assertThat(first.body().path("pollTimeoutSeconds").asInt()).isEqualTo(50);
        String agentToken = first.body().path("agentToken").asString();
        assertThat(agentToken).startsWith(Secrets.AGENT_PREFIX);
        assertThat(second.status()).isEqualTo(401);
        assertThat(second.contentType()).startsWith("application/problem+json");
        assertThat(second.detail()).contains("unknown or was already used");
        Map<String, Object> row = jdbc.sql("""
                        SELECT state, bootstrap_token_hash, agent_token_hash, kubernetes_version, node_count,
                               array_to_string(reported_zones, ',') AS zones, registered_at, last_heartbeat_at
                        FROM cluster WHERE name = 'reg-once'""").query().singleRow();
        assertThat(row).containsEntry("state", "READY").containsEntry("kubernetes_version", "v1.30.4")
                .containsEntry("node_count", 3).containsEntry("zones", "eu-west-1a,eu-west-1b")
                .containsEntry("agent_token_hash", Secrets.hash(agentToken));
        assertThat(row.get("bootstrap_token_hash")).isNull();
        assertThat(row.get("registered_at")).isNotNull();
        assertThat(row.get("last_heartbeat_at")).isNotNull();
        assertThat(api().get(agentToken, "/agent/v1/work?generation=0&timeoutSeconds=1").status())
                .as("the token opens the poll (no work yet: 204)").isEqualTo(204);
    }

    @Test
    void refusesAnExpiredBootstrapTokenSayingItExpired() {
        String bootstrap = bootstrap("reg-expired", Instant.now().minus(Duration.ofMinutes(1)));

        Api.Reply reply = api().post(bootstrap, "/agent/v1/register", FACTS);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.detail()).contains("expired");
        assertThat(fleet().state("reg-expired")).isEqualTo("REGISTERING");
    }

    @Test
    void refusesUnknownMissingAgentAndApiTokensOnRegister() {
        String agentToken = fleet().registered("reg-agent-token", "READY");

        List<Api.Reply> replies = List.of(
                api().post(Secrets.generate(Secrets.BOOTSTRAP_PREFIX), "/agent/v1/register", FACTS),
                api().post(null, "/agent/v1/register", FACTS),
                api().post(agentToken, "/agent/v1/register", FACTS),
                api().post(SharedPostgres.ADMIN_TOKEN, "/agent/v1/register", FACTS));

        assertThat(replies).extracting(Api.Reply::status).containsOnly(401);
        assertThat(replies).extracting(Api.Reply::contentType).allMatch(t -> t.startsWith("application/problem+json"));
        assertThat(replies.get(0).detail()).contains("unknown");
        assertThat(replies.get(2).detail()).contains("bootstrap token");
    }

    @Test
    void keepsACordonedClusterCordonedWhenItsAgentRegisters() {
        String bootstrap = bootstrap("reg-cordoned", Instant.now().plus(Duration.ofHours(1)));
        jdbc.sql("UPDATE cluster SET state = 'CORDONED' WHERE name = 'reg-cordoned'").update();

        assertThat(api().post(bootstrap, "/agent/v1/register", FACTS).status()).isEqualTo(200);

        assertThat(fleet().state("reg-cordoned")).isEqualTo("CORDONED");
    }

    @Test
    void reRegistrationRetiresTheOldAgentTokenAtOnce() {
        String first = bootstrap("reg-again", Instant.now().plus(Duration.ofHours(1)));
        String oldToken = api().post(first, "/agent/v1/register", FACTS).body().path("agentToken").asString();
        assertThat(api().put(oldToken, "/agent/v1/facts", FACTS).status()).isEqualTo(204);
        String second = Secrets.generate(Secrets.BOOTSTRAP_PREFIX);
        jdbc.sql("UPDATE cluster SET bootstrap_token_hash = ?, bootstrap_expires_at = now() + interval '1 hour' "
                + "WHERE name = 'reg-again'").param(Secrets.hash(second)).update();

        String newToken = api().post(second, "/agent/v1/register", FACTS).body().path("agentToken").asString();

        assertThat(api().put(oldToken, "/agent/v1/facts", FACTS).status()).isEqualTo(401);
        assertThat(api().put(newToken, "/agent/v1/facts", FACTS).status()).isEqualTo(204);
    }

    @Test
    void storesUpdatedFactsOfTheCallersCluster() {
        String token = fleet().registered("facts-update", "READY");
        var facts = new ClusterFacts("v1.31.0", "absent", "0.2.0", 7, List.of("z1"), List.of("v1.30.4", "v1.31.0"),
                List.of("flowcontrol.apiserver.k8s.io/v1beta3"));

        Api.Reply reply = api().put(token, "/agent/v1/facts", facts);

        assertThat(reply.status()).isEqualTo(204);
        Map<String, Object> row = jdbc.sql("""
                        SELECT kubernetes_version, kruise_version, agent_version, node_count,
                               array_to_string(kubelet_versions, ',') AS kubelets,
                               array_to_string(removed_apis_in_use, ',') AS removed
                        FROM cluster WHERE name = 'facts-update'""").query().singleRow();
        assertThat(row).containsEntry("kubernetes_version", "v1.31.0").containsEntry("kruise_version", "absent")
                .containsEntry("agent_version", "0.2.0").containsEntry("node_count", 7)
                .containsEntry("kubelets", "v1.30.4,v1.31.0")
                .containsEntry("removed", "flowcontrol.apiserver.k8s.io/v1beta3");
    }

    @Test
    void refusesInvalidFactsNamingTheFieldAndKeepsTheOldOnes() {
        String token = fleet().registered("facts-invalid", "READY");
        api().put(token, "/agent/v1/facts", FACTS);

        Api.Reply reply = api().sendRaw(token, "PUT", "/agent/v1/facts",
                "{\"kubernetesVersion\":\"v1.32.0\",\"nodes\":-1}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.detail()).contains("nodes");
        assertThat(jdbc.sql("SELECT kubernetes_version FROM cluster WHERE name = 'facts-invalid'")
                .query(String.class).single()).isEqualTo("v1.30.4");
    }

    @Test
    void anAgentTokenOpensNoPortalPathAndAnApiTokenNoAgentPath() {
        String agentToken = fleet().registered("auth-split", "READY");

        assertThat(api().get(agentToken, "/api/v1/clusters").status()).isEqualTo(403);
        assertThat(api().get(agentToken, "/api/v1/tokens").status()).isEqualTo(403);
        assertThat(api().get(SharedPostgres.ADMIN_TOKEN, "/agent/v1/work?generation=0&timeoutSeconds=1").status())
                .isEqualTo(403);
        assertThat(api().put(SharedPostgres.ADMIN_TOKEN, "/agent/v1/facts", FACTS).status()).isEqualTo(403);
        assertThat(api().get(null, "/agent/v1/work?generation=0&timeoutSeconds=1").status()).isEqualTo(401);
        assertThat(api().get(Secrets.generate(Secrets.AGENT_PREFIX), "/agent/v1/work").status()).isEqualTo(401);
    }
}
