package dev.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flotilla.agent.AgentRuntime;
import dev.flotilla.agent.TenantAgent;
import dev.flotilla.agent.hub.HubResilience;
import dev.flotilla.agent.hub.TokenStore;
import dev.flotilla.sim.backend.SimulatedCluster;
import dev.flotilla.sim.backend.SimulationSettings;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Real agents that add their own clusters with a reusable registration token and a cluster name. */
class SelfRegistrationE2E {

    private static String registrationToken(MetaController meta, String name, int maxUses) {
        return meta.portal().post("/api/v1/registration-tokens", Map.of("name", name, "tenant", "edge",
                "region", "eu-west", "maxUses", maxUses, "labels", Map.of("fleet", "edge"))).path("token").asString();
    }

    private static TenantAgent agent(AgentRuntime runtime, URI hub, String token, String cluster,
            TokenStore tokens) {
        SimulatedCluster simulated = SimulatedCluster.of(2, List.of("eu-west-b"), SimulationSettings.defaults(),
                Clock.systemUTC());
        TenantAgent agent = new TenantAgent(runtime, TenantAgent.Settings.selfRegistering(hub, token, cluster,
                Map.of("shelf", "b")).withPollTimeout(Duration.ofSeconds(2)), simulated, tokens, Clock.systemUTC());
        agent.start();
        return agent;
    }

    @Test
    void anAgentStartedWithARegistrationTokenAndANameAddsItsClusterAndLongPollsWithItsOwnToken() {
        try (MetaController meta = new MetaController();
                AgentRuntime runtime = new AgentRuntime(2, HubResilience.defaults())) {
            String token = registrationToken(meta, "edge-fleet", 2);
            TokenStore tokens = TokenStore.inMemory();
            try (TenantAgent agent = agent(runtime, meta.url(), token, "edge-1", tokens)) {
                await().atMost(Duration.ofSeconds(60)).until(agent::connected);
                JsonNode cluster = meta.portal().get("/api/v1/clusters/edge-1");
                Instant registeredAt = Instant.parse(cluster.path("registeredAt").asString());

                await().atMost(Duration.ofSeconds(30)).until(() -> Instant.parse(meta.portal()
                        .get("/api/v1/clusters/edge-1").path("lastHeartbeat").asString()).isAfter(registeredAt));

                assertThat(tokens.load()).get().asString().startsWith("fla_").isNotEqualTo(token);
                assertThat(cluster.path("state").asString()).isEqualTo("READY");
                assertThat(cluster.path("tenant").asString()).isEqualTo("edge");
                assertThat(cluster.path("region").asString()).isEqualTo("eu-west");
                assertThat(cluster.path("zone").asString()).as("from the nodes").isEqualTo("eu-west-b");
                assertThat(cluster.path("labels").path("fleet").asString()).isEqualTo("edge");
                assertThat(cluster.path("labels").path("shelf").asString()).isEqualTo("b");
                assertThat(agent.failure()).isNotDone();
            }
        }
    }

    @Test
    void anAgentWhoseNameIsTakenStopsSayingSoAndCountsNoUse() {
        try (MetaController meta = new MetaController();
                AgentRuntime runtime = new AgentRuntime(2, HubResilience.defaults())) {
            String token = registrationToken(meta, "edge-taken", 2);
            try (TenantAgent first = agent(runtime, meta.url(), token, "edge-twin", TokenStore.inMemory())) {
                await().atMost(Duration.ofSeconds(60)).until(first::connected);
            }

            try (TenantAgent second = agent(runtime, meta.url(), token, "edge-twin", TokenStore.inMemory())) {
                await().atMost(Duration.ofSeconds(60)).until(() -> second.failure().isDone());
                assertThat(second.failure()).failsWithin(Duration.ZERO).withThrowableThat()
                        .withMessageContaining("'edge-twin' already exists");
            }
            assertThat(meta.portal().get("/api/v1/registration-tokens").get(0).path("uses").asInt()).isEqualTo(1);
        }
    }

    @Test
    void anAgentWhoseRegistrationAnswerIsLostAddsItsClusterOnceWithItsRetry() throws Exception {
        try (MetaController meta = new MetaController();
                LossyProxy proxy = new LossyProxy(meta.url(), "/agent/v1/register", 1);
                AgentRuntime runtime = new AgentRuntime(2, HubResilience.defaults())) {
            String token = registrationToken(meta, "edge-lossy", 5);
            try (TenantAgent agent = agent(runtime, proxy.url(), token, "edge-lossy-1", TokenStore.inMemory())) {
                await().atMost(Duration.ofSeconds(60)).until(agent::connected);

                assertThat(proxy.lost()).isEqualTo(1);
                assertThat(proxy.forwarded()).isEqualTo(2);
                assertThat(meta.portal().get("/api/v1/registration-tokens").get(0).path("uses").asInt())
                        .as("the retry was answered again, not counted again").isEqualTo(1);
                assertThat(agent.failure()).isNotDone();
            }
        }
    }
}
