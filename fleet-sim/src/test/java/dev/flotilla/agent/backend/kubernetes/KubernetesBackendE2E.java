package dev.flotilla.agent.backend.kubernetes;

import static dev.flotilla.agent.support.Manifests.item;
import static dev.flotilla.agent.support.Manifests.strategy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flotilla.agent.AgentRuntime;
import dev.flotilla.agent.TenantAgent;
import dev.flotilla.agent.hub.TokenStore;
import dev.flotilla.agent.support.KruiseCrds;
import dev.flotilla.agent.support.Manifests;
import dev.flotilla.api.agent.ClusterStrategy;
import dev.flotilla.api.agent.UpdateType;
import dev.flotilla.api.agent.WorkItem;
import dev.flotilla.api.agent.WorkPhase;
import dev.flotilla.api.agent.WorkloadKind;
import dev.flotilla.sim.backend.KruiseModel;
import dev.flotilla.sim.backend.SimulationSettings;
import dev.flotilla.sim.support.HubStandIn;
import dev.flotilla.sim.support.KruiseStandIn;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The fabric8 backend against a real API server (k3s): server-side apply, generation and the status subresource as
 * Kubernetes implements them. Kruise itself is not installed (minimal CRDs only); the Kruise stand-in moves status.
 * Skipped, and reported as skipped, where no Docker engine is available.
 */
@Testcontainers(disabledWithoutDocker = true)
class KubernetesBackendE2E {

    @Container
    static final K3sContainer K3S = new K3sContainer(DockerImageName.parse("rancher/k3s:v1.30.4-k3s1"));

    static KubernetesClient client;

    @BeforeAll
    static void installKruiseCrds() {
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(K3S.getKubeConfigYaml())).build();
        for (WorkloadKind kind : WorkloadKind.values()) {
            client.apiextensions().v1().customResourceDefinitions().resource(KruiseCrds.definition(kind)).create();
            client.apiextensions().v1().customResourceDefinitions()
                    .withName(KruiseResources.plural(kind) + "." + KruiseResources.GROUP)
                    .waitUntilCondition(crd -> crd.getStatus() != null && crd.getStatus().getConditions().stream()
                            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus())),
                            60, TimeUnit.SECONDS);
        }
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(Manifests.NAMESPACE)
                .endMetadata().build()).create();
    }

    @AfterAll
    static void close() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void appliesServerSideAndStepsTheCloneSetPartitionOnARealApiServer() throws Exception {
        try (AgentRuntime runtime = AgentRuntime.create(); HubStandIn hub = new HubStandIn();
                KruiseStandIn kruise = new KruiseStandIn(client, new SimulationSettings(2, 3, 2, 0, 1, Set.of(), 5),
                        new KruiseModel.Environment(1, 1));
                KubernetesBackend backend = new KubernetesBackend(client, ApplyStrategy.serverSide());
                TenantAgent agent = new TenantAgent(runtime, TenantAgent.Settings.of("k3s", hub.url(),
                        HubStandIn.BOOTSTRAP).withTick(Duration.ofMillis(200)), backend, TokenStore.inMemory(),
                        Clock.systemUTC())) {
            agent.start();
            WorkItem v1 = item("web", WorkloadKind.CloneSet, Manifests.cloneSet("web", 4, "web:v1"), 1,
                    ClusterStrategy.oneBatch(), false, false, 1);
            WorkItem v2 = item("web", WorkloadKind.CloneSet, Manifests.cloneSet("web", 4, "web:v2"), 2,
                    strategy(UpdateType.InPlaceIfPossible, "1", null, "3", "1"), false, false, 2);

            hub.publish(List.of(v1));
            await().atMost(Duration.ofMinutes(2)).until(() -> ended(hub, v1));
            kruise.forgetPartitions();
            hub.publish(List.of(v2));
            await().atMost(Duration.ofMinutes(2)).until(() -> ended(hub, v2));

            assertThat(kruise.partitions(WorkloadKind.CloneSet, "web")).endsWith(4, 3, 1, 0);
            GenericKubernetesResource web = client.genericKubernetesResources(
                    KruiseResources.context(WorkloadKind.CloneSet, "apps.kruise.io/v1alpha1"))
                    .inNamespace(Manifests.NAMESPACE).withName("web").get();
            assertThat(web.getMetadata().getManagedFields())
                    .anyMatch(f -> "flotilla-agent".equals(f.getManager()) && "Apply".equals(f.getOperation()));
            assertThat(web.getMetadata().getAnnotations()).containsEntry("flotilla.dev/revision", "2");
            assertThat(web.getMetadata().getGeneration()).isGreaterThan(1L);
        }
    }

    private static boolean ended(HubStandIn hub, WorkItem item) {
        return hub.reports().stream().anyMatch(r -> r.generation() == item.generation()
                && r.phase() == WorkPhase.SUCCEEDED);
    }

}
