package dev.flotilla.agent.backend.kubernetes;

import static dev.flotilla.agent.support.Manifests.item;
import static dev.flotilla.agent.support.Manifests.strategy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.agent.support.Manifests;
import dev.flotilla.api.agent.ClusterStrategy;
import dev.flotilla.api.agent.StatusReport;
import dev.flotilla.api.agent.UpdateType;
import dev.flotilla.api.agent.WorkItem;
import dev.flotilla.api.agent.WorkPhase;
import dev.flotilla.api.agent.WorkloadKind;
import dev.flotilla.sim.support.MockClusterHarness;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent drives Kruise workloads on the fabric8 mock API server (CRUD mode, create-or-replace apply) while the
 * Kruise stand-in moves their status with the Kruise model, and reports over HTTP to the hub stand-in.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesAgentIT {

    static KubernetesClient client;
    static KubernetesMockServer server;

    private MockClusterHarness cluster;

    @BeforeEach
    void start() throws Exception {
        cluster = new MockClusterHarness(client, server);
        cluster.startAgent();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private void rollOut(WorkItem item) {
        cluster.publishAndAwaitEnd(item);
    }

    private StatusReport terminal(WorkItem item) {
        return cluster.terminal(item);
    }

    private List<String> progress(WorkItem item) {
        return cluster.progress(item);
    }

    private static WorkItem cloneSet(String name, String image, int revision, ClusterStrategy strategy,
            boolean paused, boolean rollback, long generation) {
        return item(name, WorkloadKind.CloneSet, Manifests.cloneSet(name, 4, image), revision, strategy, paused,
                rollback, generation);
    }

    @Test
    void drivesACloneSetBatchByBatch() {
        rollOut(cloneSet("web", "web:v1", 1, ClusterStrategy.oneBatch(), false, false, 1));
        cluster.kruise.forgetPartitions();

        WorkItem v2 = cloneSet("web", "web:v2", 2, strategy(UpdateType.InPlaceIfPossible, "1", null, "3", "1"),
                false, false, 2);
        rollOut(v2);

        assertThat(terminal(v2).phase()).isEqualTo(WorkPhase.SUCCEEDED);
        assertThat(cluster.kruise.partitions(WorkloadKind.CloneSet, "web")).endsWith(4, 3, 1, 0).hasSizeLessThanOrEqualTo(5);
        assertThat(progress(v2)).containsExactly("BATCH_IN_PROGRESS 1/3", "BATCH_COMPLETE 1/3",
                "BATCH_IN_PROGRESS 2/3", "BATCH_COMPLETE 2/3", "BATCH_IN_PROGRESS 3/3", "SUCCEEDED 3/3");
        GenericKubernetesResource web = client.genericKubernetesResources(
                KruiseResources.context(WorkloadKind.CloneSet, "apps.cluster.kruise.io/v1alpha1"))
                .inNamespace(Manifests.NAMESPACE).withName("web").get();
        assertThat(web.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "flotilla-agent");
        assertThat(web.getMetadata().getAnnotations()).containsEntry("flotilla.dev/revision", "2");
        assertThat(terminal(v2).observed().updatedReadyReplicas()).isEqualTo(4);
        assertThat(cluster.hub.facts()).first().satisfies(facts -> {
            assertThat(facts.kubernetesVersion()).isEqualTo("v1.30.4");
            assertThat(facts.kruiseVersion()).isEqualTo("absent");
        });
    }

    @Test
    void drivesAnAdvancedStatefulSetBatchByBatch() {
        WorkItem v1 = item("db", WorkloadKind.StatefulSet, Manifests.statefulSet("db", 3, "web:v1"), 1,
                ClusterStrategy.oneBatch(), false, false, 1);
        rollOut(v1);
        cluster.kruise.forgetPartitions();

        WorkItem v2 = item("db", WorkloadKind.StatefulSet, Manifests.statefulSet("db", 3, "web:v2"), 2,
                strategy(UpdateType.InPlaceIfPossible, "1", null, "2"), false, false, 2);
        rollOut(v2);

        assertThat(terminal(v2).phase()).isEqualTo(WorkPhase.SUCCEEDED);
        assertThat(cluster.kruise.partitions(WorkloadKind.StatefulSet, "db")).endsWith(3, 2, 0).hasSizeLessThanOrEqualTo(4);
        assertThat(progress(v2)).containsExactly("BATCH_IN_PROGRESS 1/2", "BATCH_COMPLETE 1/2",
                "BATCH_IN_PROGRESS 2/2", "SUCCEEDED 2/2");
    }

    @Test
    void drivesAUnitedDeploymentZoneByZone() {
        WorkItem v1 = item("ud", WorkloadKind.UnitedDeployment,
                Manifests.unitedDeployment("ud", 6, "web:v1", "zone-a", "zone-b", "zone-c"), 1,
                ClusterStrategy.oneBatch(), false, false, 1);
        rollOut(v1);
        cluster.kruise.forgetPartitions();

        WorkItem v2 = item("ud", WorkloadKind.UnitedDeployment,
                Manifests.unitedDeployment("ud", 6, "web:v2", "zone-a", "zone-b", "zone-c"), 2,
                strategy(UpdateType.InPlaceIfPossible, null, null, "1"), false, false, 2);
        rollOut(v2);

        assertThat(terminal(v2).phase()).isEqualTo(WorkPhase.SUCCEEDED);
        assertThat(cluster.kruise.partitions(WorkloadKind.UnitedDeployment, "ud")).hasSizeLessThanOrEqualTo(8).endsWith(
                Map.of("zone-a", 2, "zone-b", 2, "zone-c", 2), Map.of("zone-a", 1, "zone-b", 2, "zone-c", 2),
                Map.of("zone-a", 0, "zone-b", 2, "zone-c", 2), Map.of("zone-a", 0, "zone-b", 1, "zone-c", 2),
                Map.of("zone-a", 0, "zone-b", 0, "zone-c", 2), Map.of("zone-a", 0, "zone-b", 0, "zone-c", 1),
                Map.of("zone-a", 0, "zone-b", 0, "zone-c", 0));
        assertThat(terminal(v2).batches()).isEqualTo(6);
    }

    @Test
    void drivesASidecarSetThroughItsOwnPartition() {
        WorkItem v1 = item("proxy", WorkloadKind.SidecarSet, Manifests.sidecarSet("proxy", "proxy:v1"), 1,
                ClusterStrategy.oneBatch(), false, false, 1);
        rollOut(v1);
        cluster.kruise.forgetPartitions();

        WorkItem v2 = item("proxy", WorkloadKind.SidecarSet, Manifests.sidecarSet("proxy", "proxy:v2"), 2,
                strategy(null, "1", null, "2"), false, false, 2);
        rollOut(v2);

        assertThat(terminal(v2).phase()).isEqualTo(WorkPhase.SUCCEEDED);
        assertThat(cluster.kruise.partitions(WorkloadKind.SidecarSet, "proxy")).endsWith("100%", 2, 0)
                .hasSizeLessThanOrEqualTo(4);
        assertThat(terminal(v2).observed().updatedReadyReplicas()).isEqualTo(4);
    }

    @Test
    void runsABroadcastJobToCompletionOnEveryNode() {
        WorkItem job = item("warm", WorkloadKind.BroadcastJob, Manifests.broadcastJob("warm", "task:v1", "FailFast"),
                1, ClusterStrategy.oneBatch(), false, false, 1);

        rollOut(job);

        assertThat(terminal(job)).extracting(StatusReport::phase, StatusReport::batch, StatusReport::batches)
                .containsExactly(WorkPhase.SUCCEEDED, 1, 1);
        assertThat(terminal(job).observed().updatedReplicas()).isEqualTo(3);
    }

    @Test
    void failsABroadcastJobFastWhenAPodFails() {
        WorkItem job = item("bad", WorkloadKind.BroadcastJob,
                Manifests.broadcastJob("bad", "web:broken", "FailFast"), 1, ClusterStrategy.oneBatch(), false,
                false, 1);

        rollOut(job);

        assertThat(terminal(job).phase()).isEqualTo(WorkPhase.FAILED);
        assertThat(terminal(job).message()).contains("job pods failed");
    }
}
