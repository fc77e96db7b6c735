package dev.flotilla.sim.backend;

import static dev.flotilla.agent.support.Manifests.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.agent.backend.FieldPaths;
import dev.flotilla.agent.support.Manifests;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The simulated controllers against the OpenKruise v1.9.0 controller behaviours the agent's decisions depend on;
 * each test names the upstream function it mirrors. Pods: in place 5 s, recreated 20 s, no jitter.
 */
class KruiseControllerConformanceTest {

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

    /** A CloneSet of {@code replicas} v1 pods, all ready at t=100 s, then given v2 with this strategy. */
    private Map<String, Object> cloneSetChangedAt100(int replicas, Map<String, Object> strategy) {
        Map<String, Object> cloneSet = Manifests.cloneSet("web", replicas, "web:v1");
        FieldPaths.set(cloneSet, "metadata.generation", 1L);
        at(cloneSet, 0);
        at(cloneSet, 100);
        FieldPaths.set(cloneSet, "spec.template.spec.containers", List.of(map("name", "app", "image", "web:v2")));
        FieldPaths.set(cloneSet, "spec.updateStrategy", strategy);
        return cloneSet;
    }

    private SimPod pod(int ordinal) {
        return pods.group("").stream().filter(p -> p.ordinal == ordinal).findFirst().orElseThrow();
    }

    private String v2(Map<String, Object> cloneSet) {
        return (String) at(cloneSet, 100).get("updateRevision");
    }

    @Test
    void sortUpdateIndexesPutsPriorityWeightBeforeReadiness() {
        Map<String, Object> cloneSet = cloneSetChangedAt100(4, map("partition", 3, "maxUnavailable", 2,
                "priorityStrategy", map("weightPriority", List.of(map("weight", 50,
                        "matchSelector", map("matchLabels", map("tier", "canary")))))));
        pod(2).label(Map.of("tier", "canary"));
        pod(0).readyAt(SimPod.NEVER, 0);

        String v2 = v2(cloneSet);

        assertThat(pod(2).revision).isEqualTo(v2);
        assertThat(pod(0).revision).isNotEqualTo(v2);
    }

    @Test
    void limitUpdateIndexesCountsTheNewRevisionsUnavailablePodsAgainstMaxUnavailable() {
        Map<String, Object> cloneSet = cloneSetChangedAt100(4, map("partition", 0, "maxUnavailable", 1));
        pod(0).readyAt(SimPod.NEVER, 0);
        pod(1).readyAt(SimPod.NEVER, 0);

        String v2 = v2(cloneSet);

        // the first not-ready pod is updated; the second would make two unavailable pods of the new revision
        assertThat(pods.group("").stream().filter(p -> p.revision.equals(v2)).count()).isEqualTo(1);
    }

    @Test
    void limitUpdateIndexesLeavesAvailablePodsAloneWhileOthersAreUnavailable() {
        Map<String, Object> cloneSet = cloneSetChangedAt100(4, map("partition", 2, "maxUnavailable", 1));
        pod(3).readyAt(SimPod.NEVER, 0);
        pod(3).revision = "elsewhere";

        Map<String, Object> status = at(cloneSet, 100);

        assertThat(status).containsEntry("updatedReplicas", 1);
        assertThat(pod(3).revision).isEqualTo(status.get("updateRevision"));
        assertThat(pod(0).revision).isNotEqualTo(status.get("updateRevision"));
    }

    @Test
    void choosePodsToDeleteKeepsThePartitionsOldPodsWhenScalingDown() {
        Map<String, Object> cloneSet = cloneSetChangedAt100(10, map("partition", 4, "maxUnavailable", 10));
        assertThat(at(cloneSet, 200)).containsEntry("updatedReadyReplicas", 6);

        FieldPaths.set(cloneSet, "spec.replicas", 8);
        Map<String, Object> status = at(cloneSet, 201);

        assertThat(status).containsEntry("replicas", 8).containsEntry("updatedReplicas", 4)
                .containsEntry("expectedUpdatedReplicas", 4);
    }

    @Test
    void choosePodsToDeleteRemovesOldPodsBeyondThePartitionFirst() {
        Map<String, Object> cloneSet = cloneSetChangedAt100(10, map("partition", 4, "maxUnavailable", 10));
        at(cloneSet, 200);

        FieldPaths.set(cloneSet, "spec.updateStrategy.partition", 2);
        FieldPaths.set(cloneSet, "spec.replicas", 8);
        Map<String, Object> status = at(cloneSet, 201);

        assertThat(status).containsEntry("replicas", 8).containsEntry("updatedReplicas", 6);
    }

    @Test
    void isPodAvailableWaitsMinReadySecondsAfterReadiness() {
        Map<String, Object> cloneSet = cloneSetChangedAt100(2, map("type", "InPlaceIfPossible", "maxUnavailable", 2));
        FieldPaths.set(cloneSet, "spec.minReadySeconds", 30);
        at(cloneSet, 100);

        assertThat(at(cloneSet, 110)).containsEntry("updatedReadyReplicas", 2)
                .containsEntry("updatedAvailableReplicas", 0).containsEntry("availableReplicas", 0);
        assertThat(at(cloneSet, 135)).containsEntry("updatedAvailableReplicas", 2)
                .containsEntry("availableReplicas", 2);
    }

    @Test
    void limitUpdateIndexesCountsReadyButNotYetAvailablePodsAsUnavailable() {
        Map<String, Object> cloneSet = cloneSetChangedAt100(3, map("type", "InPlaceIfPossible", "maxUnavailable", 1));
        FieldPaths.set(cloneSet, "spec.minReadySeconds", 30);
        at(cloneSet, 100);

        // the first pod is ready at 105 s but available only at 135 s: the second waits until then
        assertThat(at(cloneSet, 120)).containsEntry("updatedReplicas", 1).containsEntry("updatedReadyReplicas", 1);
        assertThat(at(cloneSet, 136)).containsEntry("updatedReplicas", 2);
    }

    @Test
    void broadcastJobControllerDoesNotRunAFinishedJobAgainWhenItsTemplateChanges() {
        Map<String, Object> job = Manifests.broadcastJob("warm", "task:v1", "FailFast");
        at(job, 0);
        assertThat(at(job, 10)).containsEntry("succeeded", 3).containsEntry("phase", "completed");
        List<String> ran = pods.revisions().get("");

        FieldPaths.set(job, "spec.template.spec.containers", List.of(map("name", "task", "image", "task:v2")));

        assertThat(at(job, 11)).containsEntry("succeeded", 3).containsEntry("active", 0)
                .containsEntry("phase", "completed");
        assertThat(pods.revisions().get("")).isEqualTo(ran).hasSize(3);
    }

    private Map<String, Object> sidecarSetChangedAt100(Map<String, Object> container, Map<String, Object> strategy) {
        Map<String, Object> sidecars = Manifests.sidecarSet("proxy", "proxy:v1");
        FieldPaths.set(sidecars, "metadata.generation", 1L);
        at(sidecars, 0);
        at(sidecars, 100);
        FieldPaths.set(sidecars, "spec.containers", List.of(container));
        FieldPaths.set(sidecars, "spec.updateStrategy", strategy);
        return sidecars;
    }

    @Test
    void isSidecarSetUpgradableSkipsPodsWhoseContainersChangedBeyondTheirImages() {
        Map<String, Object> sidecars = sidecarSetChangedAt100(map("name", "proxy", "image", "proxy:v2",
                "env", List.of(map("name", "LOG", "value", "debug"))), map("maxUnavailable", 4));

        assertThat(at(sidecars, 300)).containsEntry("matchedPods", 4).containsEntry("updatedPods", 0)
                .containsEntry("readyPods", 4);
    }

    @Test
    void sidecarSetProcessorUpdatesNoPodWithNotUpdate() {
        Map<String, Object> sidecars = sidecarSetChangedAt100(map("name", "proxy", "image", "proxy:v2"),
                map("type", "NotUpdate", "maxUnavailable", 4));

        assertThat(at(sidecars, 300)).containsEntry("updatedPods", 0).containsEntry("readyPods", 4);
    }

    @Test
    void sidecarSetProcessorUpdatesImageChangesInPlace() {
        Map<String, Object> sidecars = sidecarSetChangedAt100(map("name", "proxy", "image", "proxy:v2"),
                map("maxUnavailable", 4));

        assertThat(at(sidecars, 105)).containsEntry("updatedPods", 4).containsEntry("updatedReadyPods", 4);
    }
}
