package dev.flotilla.sim.support;

import static org.awaitility.Awaitility.await;

import dev.flotilla.agent.AgentRuntime;
import dev.flotilla.agent.TenantAgent;
import dev.flotilla.agent.backend.kubernetes.ApplyStrategy;
import dev.flotilla.agent.backend.kubernetes.KubernetesBackend;
import dev.flotilla.agent.hub.TokenStore;
import dev.flotilla.agent.support.KruiseCrds;
import dev.flotilla.api.agent.StatusReport;
import dev.flotilla.api.agent.WorkItem;
import dev.flotilla.api.agent.WorkPhase;
import dev.flotilla.sim.backend.KruiseModel;
import dev.flotilla.sim.backend.SimulationSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A tenant cluster on the fabric8 mock server (Kruise CRDs, the Kruise stand-in moving status) plus the hub
 * stand-in, and agents on fabric8 backends in create-or-replace mode talking to both.
 */
public final class MockClusterHarness implements AutoCloseable {

    public final HubStandIn hub;
    public final KruiseStandIn kruise;
    private final KubernetesClient client;
    private final AgentRuntime runtime = AgentRuntime.create();
    private final List<KubernetesBackend> backends = new ArrayList<>();
    private final List<TenantAgent> agents = new ArrayList<>();

    public MockClusterHarness(KubernetesClient client, KubernetesMockServer server) throws Exception {
        this.client = client;
        if (client.apiextensions().v1().customResourceDefinitions().list().getItems().isEmpty()) {
            KruiseCrds.install(client);
            server.setVersionInfo(new VersionInfo.Builder().withMajor("1").withMinor("30")
                    .withGitVersion("v1.30.4").build());
        }
        hub = new HubStandIn();
        kruise = new KruiseStandIn(client, new SimulationSettings(2, 3, 2, 0, 1, Set.of("web:broken"), 5),
                new KruiseModel.Environment(3, 4));
    }

    public TenantAgent startAgent(TokenStore tokens, String bootstrap) {
        TenantAgent.Settings settings = TenantAgent.Settings.of("mock", hub.url(), bootstrap)
                .withTick(Duration.ofMillis(50)).withPollTimeout(Duration.ofSeconds(2));
        KubernetesBackend backend = new KubernetesBackend(client, ApplyStrategy.createOrReplace());
        backends.add(backend);
        TenantAgent agent = new TenantAgent(runtime, settings, backend, tokens, Clock.systemUTC());
        agents.add(agent);
        agent.start();
        return agent;
    }

    public TenantAgent startAgent() {
        return startAgent(TokenStore.inMemory(), HubStandIn.BOOTSTRAP);
    }

    public void publishAndAwaitEnd(WorkItem item) {
        hub.publish(List.of(item));
        await().atMost(Duration.ofSeconds(60)).until(() -> terminal(item) != null);
    }

    public StatusReport terminal(WorkItem item) {
        return reports(item).stream().filter(r -> r.phase().terminal()).findFirst().orElse(null);
    }

    public List<StatusReport> reports(WorkItem item) {
        return hub.reports().stream().filter(r -> r.workId().equals(item.workId())
                && r.generation() == item.generation()).toList();
    }

    /** The (phase batch/batches) steps reported for an item's generation, in order, repeats folded. */
    public List<String> progress(WorkItem item) {
        return reports(item).stream().filter(r -> r.phase() != WorkPhase.APPLYING)
                .map(r -> r.phase() + " " + r.batch() + "/" + r.batches()).distinct().toList();
    }

    @Override
    public void close() {
        agents.forEach(TenantAgent::close);
        backends.forEach(KubernetesBackend::close);
        kruise.close();
        hub.close();
        runtime.close();
    }
}
