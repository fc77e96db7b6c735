package dev.flotilla.agent.backend.kubernetes;

import static dev.flotilla.agent.support.Manifests.item;
import static dev.flotilla.agent.support.Manifests.strategy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flotilla.agent.TenantAgent;
import dev.flotilla.agent.hub.TokenStore;
import dev.flotilla.agent.support.Manifests;
import dev.flotilla.api.agent.ClusterStrategy;
import dev.flotilla.api.agent.StatusReport;
import dev.flotilla.api.agent.UpdateType;
import dev.flotilla.api.agent.WorkItem;
import dev.flotilla.api.agent.WorkPhase;
import dev.flotilla.api.agent.WorkloadKind;
import dev.flotilla.sim.support.HubStandIn;
import dev.flotilla.sim.support.MockClusterHarness;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pause and resume, rollback, a stuck batch and an agent restart, on the mock API server with the Kruise stand-in. */
@EnableKubernetesMockClient(crud = true)
class RolloutControlIT {

    static KubernetesClient client;
    static KubernetesMockServer server;

    private MockClusterHarness cluster;
    private TenantAgent agent;

    @BeforeEach
    void start() throws Exception {
        cluster = new MockClusterHarness(client, server);
        agent = cluster.startAgent();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private static WorkItem web(String name, String image, int revision, ClusterStrategy strategy, boolean paused,
            boolean rollback, long generation) {
        return item(name, WorkloadKind.CloneSet, Manifests.cloneSet(name, 4, image), revision, strategy, paused,
                rollback, generation);
    }

    private void installV1(String name) {
        cluster.publishAndAwaitEnd(web(name, "web:v1", 1, ClusterStrategy.oneBatch(), false, false, 1));
        cluster.kruise.forgetPartitions();
    }

    @Test
    void pausesAtTheNextBatchBoundaryAndResumes() {
        installV1("paused");
        ClusterStrategy batches = strategy(UpdateType.ReCreate, "1", null, "3", "1");
        cluster.kruise.freezeAt(3);
        cluster.hub.publish(List.of(web("paused", "web:v2", 2, batches, false, false, 2)));
        await().until(cluster.kruise::frozen);

        WorkItem paused = web("paused", "web:v2", 2, batches, true, false, 3);
        cluster.hub.publish(List.of(paused));
        await().until(() -> !cluster.reports(paused).isEmpty());
        cluster.kruise.thaw();
        await().until(() -> cluster.reports(paused).stream().anyMatch(r -> r.phase() == WorkPhase.PAUSED));

        assertThat(cluster.reports(paused)).last().extracting(StatusReport::phase, StatusReport::batch)
                .containsExactly(WorkPhase.PAUSED, 1);
        assertThat(cluster.kruise.partitions(WorkloadKind.CloneSet, "paused")).endsWith(3);
        Object pausedField = client.genericKubernetesResources(KruiseResources.context(WorkloadKind.CloneSet,
                "apps.kruise.io/v1alpha1")).inNamespace(Manifests.NAMESPACE).withName("paused").get()
                .get("spec", "updateStrategy", "paused");
        assertThat(pausedField).isEqualTo(true);
        WorkItem resumed = web("paused", "web:v2", 2, batches, false, false, 4);
        cluster.publishAndAwaitEnd(resumed);
        assertThat(cluster.terminal(resumed).phase()).isEqualTo(WorkPhase.SUCCEEDED);
        assertThat(cluster.kruise.partitions(WorkloadKind.CloneSet, "paused")).endsWith(4, 3, 1, 0)
                .hasSizeLessThanOrEqualTo(5);
    }

    @Test
    void failsAStuckBatchAtItsDeadlineWithTheReason() {
        installV1("stuck");
        WorkItem broken = web("stuck", "web:broken", 2, strategy(UpdateType.ReCreate, "1", 2, "2"), false, false, 2);

        cluster.publishAndAwaitEnd(broken);

        StatusReport failed = cluster.terminal(broken);
        assertThat(failed.phase()).isEqualTo(WorkPhase.FAILED);
        assertThat(failed.batch()).isEqualTo(1);
        assertThat(failed.message()).contains("progress deadline of 2s", "0/2 updated pods ready", "FailedUpdate",
                "not ready");
        assertThat(cluster.kruise.partitions(WorkloadKind.CloneSet, "stuck")).endsWith(4, 2);
    }

    @Test
    void rollsBackToThePreviousRevisionInOneBatch() {
        installV1("back");
        cluster.publishAndAwaitEnd(web("back", "web:broken", 2, strategy(UpdateType.ReCreate, "1", 2, "2"), false,
                false, 2));

        WorkItem rollback = web("back", "web:v1", 1, strategy(UpdateType.ReCreate, "1", null, "2"), false, true, 3);
        cluster.publishAndAwaitEnd(rollback);

        StatusReport done = cluster.terminal(rollback);
        assertThat(done).extracting(StatusReport::phase, StatusReport::batch, StatusReport::batches)
                .containsExactly(WorkPhase.SUCCEEDED, 1, 1);
        assertThat(done.observed().updatedReadyReplicas()).isEqualTo(4);
        assertThat(cluster.kruise.partitions(WorkloadKind.CloneSet, "back")).endsWith(0);
    }

    @Test
    void aNewAgentContinuesAnInterruptedRolloutAtTheRightBatch() {
        installV1("resume");
        WorkItem v2 = web("resume", "web:v2", 2, strategy(UpdateType.ReCreate, "1", null, "3", "2", "1"), false,
                false, 2);
        cluster.kruise.freezeAt(2);
        cluster.hub.publish(List.of(v2));
        await().until(cluster.kruise::frozen);
        agent.close();
        int before = cluster.reports(v2).size();

        TokenStore stored = TokenStore.inMemory();
        stored.save(HubStandIn.AGENT_TOKEN);
        cluster.startAgent(stored, null);
        cluster.kruise.thaw();
        await().until(() -> cluster.terminal(v2) != null);

        List<StatusReport> afterRestart = cluster.reports(v2).subList(before, cluster.reports(v2).size());
        // it resumes at batch 2; whether Kruise (thawed as the agent starts) finished that batch before the new
        // agent's first look is a race, so the batch is checked, and the phase is either of batch 2's
        StatusReport resumed = afterRestart.stream().filter(r -> r.phase() != WorkPhase.APPLYING).findFirst()
                .orElseThrow();
        assertThat(resumed.batch()).isEqualTo(2);
        assertThat(resumed.phase()).isIn(WorkPhase.BATCH_IN_PROGRESS, WorkPhase.BATCH_COMPLETE);
        assertThat(cluster.terminal(v2).phase()).isEqualTo(WorkPhase.SUCCEEDED);
        assertThat(cluster.kruise.partitions(WorkloadKind.CloneSet, "resume")).endsWith(4, 3, 2, 1, 0)
                .hasSizeLessThanOrEqualTo(6);
        assertThat(afterRestart).extracting(StatusReport::seq).isSorted();
        assertThat(afterRestart.get(0).seq()).isGreaterThan(cluster.reports(v2).get(before - 1).seq());
    }
}
