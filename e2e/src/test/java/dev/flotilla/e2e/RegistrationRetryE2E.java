package dev.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flotilla.agent.AgentRuntime;
import dev.flotilla.agent.TenantAgent;
import dev.flotilla.agent.hub.HubResilience;
import dev.flotilla.agent.hub.TokenStore;
import dev.flotilla.sim.backend.SimulatedCluster;
import dev.flotilla.sim.backend.SimulationSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The real agent and meta-controller when the answer to a registration is lost on the way back. */
class RegistrationRetryE2E {

    @Test
    void anAgentWhoseRegistrationAnswerIsLostRegistersWithItsRetry() throws Exception {
        try (MetaController meta = new MetaController();
                LossyProxy proxy = new LossyProxy(meta.url(), "/agent/v1/register", 1);
                AgentRuntime runtime = new AgentRuntime(2, HubResilience.defaults())) {
            String bootstrap = meta.portal().post("/api/v1/clusters", Map.of("name", "lost-answer", "tenant", "shop",
                    "region", "eu-west", "zone", "eu-west-a")).path("bootstrapToken").asString();
            SimulatedCluster cluster = SimulatedCluster.of(3, List.of("eu-west-a"), SimulationSettings.defaults(),
                    Clock.systemUTC());
            TenantAgent agent = new TenantAgent(runtime, TenantAgent.Settings.of("lost-answer", proxy.url(), bootstrap),
                    cluster, TokenStore.inMemory(), Clock.systemUTC());
            try {
                agent.start();

                await().atMost(Duration.ofSeconds(60)).until(() -> "READY".equals(
                        meta.portal().get("/api/v1/clusters/lost-answer").path("state").asString())
                        && agent.connected());

                assertThat(proxy.lost()).as("the first answer never reached the agent").isEqualTo(1);
                assertThat(proxy.forwarded()).as("the retry reached the meta-controller").isEqualTo(2);
                assertThat(agent.failure()).as("the agent did not give up").isNotDone();
            } finally {
                agent.close();
            }
        }
    }
}
