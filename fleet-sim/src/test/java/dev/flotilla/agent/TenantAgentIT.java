package dev.flotilla.agent;

import static dev.flotilla.agent.support.Manifests.item;
import static dev.flotilla.agent.support.Manifests.strategy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flotilla.agent.hub.FileTokenStore;
import dev.flotilla.agent.hub.TokenStore;
import dev.flotilla.agent.support.Manifests;
import dev.flotilla.api.agent.ClusterStrategy;
import dev.flotilla.api.agent.StatusReport;
import dev.flotilla.api.agent.UpdateType;
import dev.flotilla.api.agent.WorkItem;
import dev.flotilla.api.agent.WorkPhase;
import dev.flotilla.api.agent.WorkloadKind;
import dev.flotilla.sim.backend.SimulatedCluster;
import dev.flotilla.sim.backend.SimulationSettings;
import dev.flotilla.sim.support.HubStandIn;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole agent over real HTTP against the hub stand-in, with a simulated cluster running 100x faster. */
class TenantAgentIT {

    private final AgentRuntime runtime = AgentRuntime.create();
    private final HubStandIn hub = new HubStandIn();
    private final SimulatedCluster cluster = SimulatedCluster.of(3, List.of("zone-a"),
            new SimulationSettings(5, 20, 10, 0.2, 100, Set.of(), 1), Clock.systemUTC());

    @TempDir
    Path dir;

    TenantAgentIT() throws Exception {
    }

    @AfterEach
    void close() {
        hub.close();
        runtime.close();
    }

    private TenantAgent agent(TokenStore tokens, String bootstrap) {
        TenantAgent.Settings settings = TenantAgent.Settings.of("c1", hub.url(), bootstrap)
                .withTick(Duration.ofMillis(20)).withPollTimeout(Duration.ofSeconds(2));
        TenantAgent agent = new TenantAgent(runtime, settings, cluster, tokens, Clock.systemUTC());
        agent.start();
        return agent;
    }

    private static WorkItem web(String image, int revision, ClusterStrategy strategy, long generation) {
        return item("web-rollout", WorkloadKind.CloneSet, Manifests.cloneSet("web", 4, image), revision, strategy,
                false, false, generation);
    }

    private List<StatusReport> reportsOf(long generation) {
        return hub.reports().stream().filter(r -> r.generation() == generation).toList();
    }

    @Test
    void registersWithTheBootstrapTokenOnceAndKeepsTheAgentToken() {
        FileTokenStore tokens = new FileTokenStore(dir.resolve("agent-token"));
        try (TenantAgent first = agent(tokens, HubStandIn.BOOTSTRAP)) {
            await().until(first::connected);
            assertThat(tokens.load()).contains(HubStandIn.AGENT_TOKEN);
            assertThat(hub.facts()).first().satisfies(f -> {
                assertThat(f.nodes()).isEqualTo(3);
                assertThat(f.zones()).containsExactly("zone-a");
                assertThat(f.agentVersion()).isEqualTo("dev");
            });
        }

        try (TenantAgent restarted = agent(tokens, HubStandIn.BOOTSTRAP)) {
            hub.publish(List.of(web("web:v1", 1, ClusterStrategy.oneBatch(), 1)));
            await().until(() -> reportsOf(1).stream().anyMatch(r -> r.phase() == WorkPhase.SUCCEEDED));
            assertThat(restarted.failure()).isNotDone();
        }
    }

    @Test
    void aBundleTravelsOverHttpAndItsReportsCarryEveryResourcesStanding() {
        WorkItem bundle = Manifests.bundle("web-bundle", "web", 1, ClusterStrategy.oneBatch(), 1, List.of(
                Manifests.namespace("shop"), Manifests.configMap("shop", "web-config", "greeting", "hello"),
                Manifests.cloneSet("web", 4, "web:v1")));

        try (TenantAgent agent = agent(TokenStore.inMemory(), HubStandIn.BOOTSTRAP)) {
            hub.publish(List.of(bundle));
            await().until(() -> reportsOf(1).stream().anyMatch(r -> r.phase() == WorkPhase.SUCCEEDED));
        }

        StatusReport done = reportsOf(1).stream().filter(r -> r.phase() == WorkPhase.SUCCEEDED).findFirst()
                .orElseThrow();
        assertThat(done.resources()).extracting(r -> r.kind() + " " + r.name() + " " + r.state())
                .containsExactly("Namespace shop READY", "ConfigMap web-config READY", "CloneSet web READY");
        assertThat(done.resources().get(2).observed().updatedReadyReplicas()).isEqualTo(4);
        assertThat(cluster.object("v1", "ConfigMap", "shop", "web-config")).isPresent();
    }

    @Test
    void failsClearlyWhenTheBootstrapTokenIsUsedAndNoAgentTokenIsStored() {
        try (TenantAgent first = agent(TokenStore.inMemory(), HubStandIn.BOOTSTRAP)) {
            await().until(first::connected);
        }

        try (TenantAgent second = agent(TokenStore.inMemory(), HubStandIn.BOOTSTRAP)) {
            await().until(() -> second.failure().isDone());
            assertThat(second.failure()).failsWithin(Duration.ZERO).withThrowableThat()
                    .withMessageContaining("bootstrap token was refused");
        }
    }

    @Test
    void stopsClearlyWhenItsAgentTokenIsRevokedAndTheBootstrapTokenIsUsedUp() {
        TokenStore tokens = TokenStore.inMemory();
        try (TenantAgent agent = agent(tokens, HubStandIn.BOOTSTRAP)) {
            await().until(agent::connected);

            hub.revokeAgentToken();

            await().until(() -> agent.failure().isDone());
            assertThat(agent.failure()).failsWithin(Duration.ZERO).withThrowableThat()
                    .withMessageContaining("bootstrap token was refused");
        }
    }

    @Test
    void keepsConvergingThroughAnOutageAndDeliversEveryReportInOrder() {
        try (TenantAgent agent = agent(TokenStore.inMemory(), HubStandIn.BOOTSTRAP)) {
            hub.publish(List.of(web("web:v1", 1, ClusterStrategy.oneBatch(), 1)));
            await().until(() -> reportsOf(1).stream().anyMatch(r -> r.phase() == WorkPhase.SUCCEEDED));

            hub.publish(List.of(web("web:v2", 2, strategy(UpdateType.ReCreate, "1", null, "3", "1"), 2)));
            await().until(() -> reportsOf(2).stream().anyMatch(r -> r.phase() == WorkPhase.BATCH_IN_PROGRESS));
            hub.outage(true);
            await().until(() -> agent.phases().get("web-rollout") == WorkPhase.SUCCEEDED);
            assertThat(reportsOf(2)).noneMatch(r -> r.phase() == WorkPhase.SUCCEEDED);
            assertThat(hub.refusedWhileDown()).isPositive();
            assertThat(agent.pendingReports()).isPositive();

            hub.outage(false);
            await().until(() -> agent.pendingReports() == 0 && hub.reports().size() == agent.reportsMade());

            List<StatusReport> rollout = reportsOf(2);
            assertThat(rollout).extracting(StatusReport::seq).isSorted().doesNotHaveDuplicates();
            assertThat(rollout.stream().filter(r -> r.phase() != WorkPhase.APPLYING)
                    .map(r -> r.phase() + " " + r.batch()).distinct()).containsExactly(
                    "BATCH_IN_PROGRESS 1", "BATCH_COMPLETE 1", "BATCH_IN_PROGRESS 2", "BATCH_COMPLETE 2",
                    "BATCH_IN_PROGRESS 3", "SUCCEEDED 3");
            assertThat(agent.reportsDropped()).isZero();
        }
    }
}
