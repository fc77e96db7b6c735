package dev.flotilla.sim.backend;

import static dev.flotilla.agent.support.Manifests.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.agent.backend.FieldPaths;
import dev.flotilla.agent.support.Manifests;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KruiseModelTest {

    private static final long T0 = 1_000_000L;
    private static final SimulationSettings SETTINGS = new SimulationSettings(5, 20, 10, 0, 1,
            Set.of("web:broken"), 7);
    private static final KruiseModel.Environment ENV = new KruiseModel.Environment(3, 4);

    private final KruiseModel model = new KruiseModel(SETTINGS.timing(false));
    private final SimulatedPods pods = new SimulatedPods();

    private Map<String, Object> at(Map<String, Object> workload, long seconds) {
        Map<String, Object> status = model.advance(workload, pods, T0 + seconds * 1000, ENV);
        workload.put("status", status);
        return status;
    }

    /** Creates the workload at v1 and lets every pod become ready, then changes the image at t=100s. */
    private Map<String, Object> runningThenChanged(Map<String, Object> workload, String strategyPath,
            Map<String, Object> strategy) {
        FieldPaths.set(workload, "metadata.generation", 1L);
        at(workload, 0);
        assertThat(at(workload, 99)).containsEntry("updatedReadyReplicas", replicas(workload));
        at(workload, 100);
        FieldPaths.set(workload, "spec.template.spec.containers", List.of(map("name", "app", "image", "web:v2")));
        FieldPaths.set(workload, strategyPath, strategy);
        FieldPaths.set(workload, "metadata.generation", 2L);
        return workload;
    }

    private static int replicas(Map<String, Object> workload) {
        return FieldPaths.integer(workload, "spec.replicas", 1);
    }

    @Test
    void cloneSetKeepsPartitionPodsAtTheOldRevision() {
        Map<String, Object> cloneSet = runningThenChanged(Manifests.cloneSet("web", 4, "web:v1"),
                "spec.updateStrategy", map("partition", 3, "maxUnavailable", 4));

        Map<String, Object> status = at(cloneSet, 200);

        assertThat(status).containsEntry("updatedReplicas", 1).containsEntry("updatedReadyReplicas", 1)
                .containsEntry("expectedUpdatedReplicas", 1).containsEntry("readyReplicas", 4)
                .containsEntry("observedGeneration", 2L);
        assertThat(status.get("currentRevision")).isNotEqualTo(status.get("updateRevision"));
    }

    @Test
    void cloneSetPercentPartitionRoundsUpButUpdatesAtLeastOnePod() {
        Map<String, Object> cloneSet = runningThenChanged(Manifests.cloneSet("web", 4, "web:v1"),
                "spec.updateStrategy", map("partition", "90%", "maxUnavailable", 4));

        assertThat(at(cloneSet, 200)).containsEntry("updatedReplicas", 1).containsEntry("expectedUpdatedReplicas", 1);
    }

    @Test
    void maxUnavailableBoundsHowManyPodsAreUpdatedAtOnce() {
        Map<String, Object> cloneSet = runningThenChanged(Manifests.cloneSet("web", 4, "web:v1"),
                "spec.updateStrategy", map("partition", 0, "maxUnavailable", 1));

        assertThat(at(cloneSet, 100)).containsEntry("updatedReplicas", 1).containsEntry("readyReplicas", 3);
        assertThat(at(cloneSet, 121)).containsEntry("updatedReplicas", 2).containsEntry("updatedReadyReplicas", 1);
        Map<String, Object> done = at(cloneSet, 100 + 4 * 20);
        assertThat(done).containsEntry("updatedReadyReplicas", 4);
        assertThat(done.get("currentRevision")).isEqualTo(done.get("updateRevision"));
    }

    @Test
    void maxSurgeCreatesExtraNewPodsBeforeRemovingOldOnes() {
        Map<String, Object> cloneSet = runningThenChanged(Manifests.cloneSet("web", 4, "web:v1"),
                "spec.updateStrategy", map("partition", 0, "maxUnavailable", 0, "maxSurge", 1));

        assertThat(at(cloneSet, 100)).containsEntry("replicas", 5).containsEntry("readyReplicas", 4)
                .containsEntry("updatedReplicas", 1);
        assertThat(at(cloneSet, 100 + 4 * 20)).containsEntry("replicas", 4).containsEntry("updatedReadyReplicas", 4);
    }

    @Test
    void inPlaceUpdatesAreReadyBeforeRecreatedPods() {
        Map<String, Object> inPlace = runningThenChanged(Manifests.cloneSet("web", 2, "web:v1"),
                "spec.updateStrategy", map("type", "InPlaceIfPossible", "maxUnavailable", 2));
        assertThat(at(inPlace, 104)).containsEntry("updatedReadyReplicas", 0);
        assertThat(at(inPlace, 105)).containsEntry("updatedReadyReplicas", 2);

        SimulatedPods recreatedPods = new SimulatedPods();
        Map<String, Object> recreate = Manifests.cloneSet("web", 2, "web:v1");
        FieldPaths.set(recreate, "metadata.generation", 1L);
        model.advance(recreate, recreatedPods, T0, ENV);
        model.advance(recreate, recreatedPods, T0 + 100_000, ENV);
        FieldPaths.set(recreate, "spec.template.spec.containers", List.of(map("name", "app", "image", "web:v2")));
        FieldPaths.set(recreate, "spec.updateStrategy", map("type", "ReCreate", "maxUnavailable", 2));
        model.advance(recreate, recreatedPods, T0 + 100_000, ENV);
        assertThat(model.advance(recreate, recreatedPods, T0 + 105_000, ENV)).containsEntry("updatedReadyReplicas", 0);
        assertThat(model.advance(recreate, recreatedPods, T0 + 120_000, ENV)).containsEntry("updatedReadyReplicas", 2);
    }

    @Test
    void advancedStatefulSetUpdatesTheHighestOrdinalsFirst() {
        Map<String, Object> sts = runningThenChanged(Manifests.statefulSet("db", 5, "web:v1"),
                "spec.updateStrategy", map("rollingUpdate", map("partition", 3, "maxUnavailable", 1)));

        assertThat(at(sts, 100)).containsEntry("updatedReplicas", 1);
        String v2 = (String) at(sts, 100).get("updateRevision");
        assertThat(revisionOfOrdinal(4)).isEqualTo(v2);
        assertThat(revisionOfOrdinal(3)).isNotEqualTo(v2);

        assertThat(at(sts, 300)).containsEntry("updatedReadyReplicas", 2).containsEntry("currentReplicas", 3);
        assertThat(revisionOfOrdinal(3)).isEqualTo(v2);
        assertThat(revisionOfOrdinal(2)).isNotEqualTo(v2);
    }

    private String revisionOfOrdinal(int ordinal) {
        return pods.group("").stream().filter(p -> p.ordinal == ordinal).findFirst().orElseThrow().revision;
    }

    @Test
    void unitedDeploymentAppliesEachSubsetsPartition() {
        Map<String, Object> ud = Manifests.unitedDeployment("web", 6, "web:v1", "zone-a", "zone-b", "zone-c");
        FieldPaths.set(ud, "metadata.generation", 1L);
        at(ud, 0);
        at(ud, 100);
        FieldPaths.set(ud, "spec.template.cloneSetTemplate.spec.template.spec.containers",
                List.of(map("name", "app", "image", "web:v2")));
        FieldPaths.set(ud, "spec.updateStrategy", map("type", "Manual",
                "manualUpdate", map("partitions", map("zone-a", 0, "zone-b", 1, "zone-c", 2))));

        Map<String, Object> status = at(ud, 300);

        assertThat(status).containsEntry("replicas", 6).containsEntry("updatedReplicas", 3)
                .containsEntry("updatedReadyReplicas", 3);
        assertThat(status.get("subsetReplicas")).isEqualTo(map("zone-a", 2, "zone-b", 2, "zone-c", 2));
        assertThat(pods.revisions().get("zone-c")).doesNotContain((String) FieldPaths.get(status,
                "updateStatus.updatedRevision"));
    }

    @Test
    void sidecarSetUpdatesMatchedPodsDownToItsPartition() {
        Map<String, Object> sidecars = Manifests.sidecarSet("proxy", "proxy:v1");
        FieldPaths.set(sidecars, "metadata.generation", 1L);
        at(sidecars, 0);
        assertThat(at(sidecars, 99)).containsEntry("matchedPods", 4).containsEntry("updatedReadyPods", 4);
        at(sidecars, 100);
        FieldPaths.set(sidecars, "spec.containers", List.of(map("name", "proxy", "image", "proxy:v2")));
        FieldPaths.set(sidecars, "spec.updateStrategy", map("partition", 1, "maxUnavailable", 1));

        assertThat(at(sidecars, 104)).containsEntry("updatedPods", 1).containsEntry("updatedReadyPods", 0);
        assertThat(at(sidecars, 105)).containsEntry("updatedPods", 2).containsEntry("updatedReadyPods", 1);
        assertThat(at(sidecars, 200)).containsEntry("updatedPods", 3).containsEntry("updatedReadyPods", 3)
                .containsEntry("readyPods", 4);
    }

    @Test
    void broadcastJobRunsOnePodPerNode() {
        Map<String, Object> job = Manifests.broadcastJob("warm", "task:v1", "FailFast");
        at(job, 0);
        assertThat(at(job, 1)).containsEntry("desired", 3).containsEntry("active", 3);
        assertThat(at(job, 10)).containsEntry("succeeded", 3).containsEntry("active", 0)
                .containsEntry("phase", "completed");
    }

    @Test
    void broadcastJobFailFastStopsAtTheFirstFailureWhileContinueRunsEveryNode() {
        Map<String, Object> failFast = Manifests.broadcastJob("warm", "web:broken", "FailFast");
        FieldPaths.set(failFast, "spec.parallelism", 1);
        at(failFast, 0);
        assertThat(at(failFast, 100)).containsEntry("failed", 1).containsEntry("phase", "failed");

        SimulatedPods other = new SimulatedPods();
        Map<String, Object> keepGoing = Manifests.broadcastJob("warm", "web:broken", "Continue");
        FieldPaths.set(keepGoing, "spec.parallelism", 1);
        model.advance(keepGoing, other, T0, ENV);
        assertThat(model.advance(keepGoing, other, T0 + 100_000, ENV)).containsEntry("failed", 3)
                .containsEntry("phase", "completed");
    }

    @Test
    void podsOfAFailingImageNeverBecomeReadyAndTheControllerSaysSo() {
        Map<String, Object> cloneSet = runningThenChanged(Manifests.cloneSet("web", 2, "web:v1"),
                "spec.updateStrategy", map("maxUnavailable", 1));
        FieldPaths.set(cloneSet, "spec.template.spec.containers", List.of(map("name", "app", "image", "web:broken")));

        Map<String, Object> status = at(cloneSet, 10_000);

        assertThat(status).containsEntry("updatedReplicas", 1).containsEntry("updatedReadyReplicas", 0)
                .containsEntry("readyReplicas", 1);
        assertThat(status.get("conditions").toString()).contains("FailedUpdate", "not ready");
    }

    @Test
    void readingRarelyGivesTheSameStateAsReadingOften() {
        Map<String, Object> often = runningThenChanged(Manifests.cloneSet("web", 5, "web:v1"),
                "spec.updateStrategy", map("maxUnavailable", 1));
        for (int s = 100; s <= 170; s++) {
            at(often, s);
        }
        SimulatedPods rarePods = new SimulatedPods();
        Map<String, Object> rare = Manifests.cloneSet("web", 5, "web:v1");
        FieldPaths.set(rare, "metadata.generation", 1L);
        model.advance(rare, rarePods, T0, ENV);
        model.advance(rare, rarePods, T0 + 100_000, ENV);
        FieldPaths.set(rare, "metadata.generation", 2L);
        FieldPaths.set(rare, "spec.template.spec.containers", List.of(map("name", "app", "image", "web:v2")));
        FieldPaths.set(rare, "spec.updateStrategy", map("maxUnavailable", 1));
        model.advance(rare, rarePods, T0 + 100_000, ENV);

        assertThat(model.advance(rare, rarePods, T0 + 170_000, ENV)).isEqualTo(often.get("status"));
    }
}
