package dev.flotilla.agent.backend;

import static dev.flotilla.agent.support.Manifests.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.agent.support.Manifests;
import dev.flotilla.api.agent.WorkloadKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With minReadySeconds Kruise counts a pod as updated and available only once it has been ready that long
 * ({@code IsPodAvailable} in {@code pkg/controller/cloneset/sync}), and Kruise Rollout's batch check reads
 * updatedAvailableReplicas then; without it updatedReadyReplicas.
 */
class MinReadySecondsTest {

    private static final Map<String, Object> STATUS = map("observedGeneration", 1, "updatedReplicas", 4,
            "updatedReadyReplicas", 4, "updatedAvailableReplicas", 1, "readyReplicas", 4, "updateRevision", "web-2");

    private static Workload cloneSet(int minReadySeconds) {
        Map<String, Object> object = Manifests.cloneSet("web", 4, "web:v2");
        FieldPaths.set(object, "spec.minReadySeconds", minReadySeconds);
        FieldPaths.set(object, "metadata.generation", 1);
        object.put("status", STATUS);
        return new Workload(object);
    }

    @Test
    void aBatchOfACloneSetWithMinReadySecondsCountsAvailablePods() {
        assertThat(WorkloadShape.of(WorkloadKind.CloneSet).progress(cloneSet(30)).updatedReady()).isEqualTo(1);
    }

    @Test
    void aBatchOfACloneSetWithoutMinReadySecondsCountsReadyPods() {
        assertThat(WorkloadShape.of(WorkloadKind.CloneSet).progress(cloneSet(0)).updatedReady()).isEqualTo(4);
    }

    @Test
    void aBatchOfAnAdvancedStatefulSetWithMinReadySecondsCountsAvailablePods() {
        Map<String, Object> object = Manifests.statefulSet("db", 4, "db:v2");
        FieldPaths.set(object, "spec.updateStrategy.rollingUpdate.minReadySeconds", 10);
        object.put("status", STATUS);

        assertThat(WorkloadShape.of(WorkloadKind.StatefulSet).progress(new Workload(object)).updatedReady())
                .isEqualTo(1);
    }
}
