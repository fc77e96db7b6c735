package dev.flotilla.agent.backend;

import static dev.flotilla.agent.support.Manifests.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.agent.support.Manifests;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code pkg/controller/uniteddeployment/allocator.go} of OpenKruise v1.9.0. */
class SubsetSplitTest {

    private static Map<String, Object> unitedDeployment(int replicas, Map<String, Object>... subsets) {
        Map<String, Object> ud = Manifests.unitedDeployment("ud", replicas, "web:v1");
        FieldPaths.set(ud, "spec.topology.subsets", List.of(subsets));
        return ud;
    }

    @Test
    void specificAllocatorGivesTheRemainderToTheLastSubsetsSortedByCurrentSizeThenName() {
        Map<String, Object> ud = unitedDeployment(7, map("name", "b"), map("name", "a"), map("name", "c"));

        assertThat(SubsetSplit.replicas(ud)).containsExactly(Map.entry("b", 2), Map.entry("a", 2),
                Map.entry("c", 3));
    }

    @Test
    void specificAllocatorGivesTheRemainderToTheSubsetsThatHoldTheMostPods() {
        Map<String, Object> ud = unitedDeployment(8, map("name", "a"), map("name", "b"), map("name", "c"));
        FieldPaths.set(ud, "status.subsetReplicas", map("a", 4, "b", 1, "c", 2));

        assertThat(SubsetSplit.replicas(ud)).containsExactly(Map.entry("a", 3), Map.entry("b", 2),
                Map.entry("c", 3));
    }

    @Test
    void specificAllocatorAppliesFixedSizesFirstAndRoundsAPercentHalfUp() {
        Map<String, Object> ud = unitedDeployment(5, map("name", "a", "replicas", "50%"), map("name", "b"),
                map("name", "c", "replicas", 1));

        assertThat(SubsetSplit.replicas(ud)).containsExactly(Map.entry("a", 3), Map.entry("b", 1),
                Map.entry("c", 1));
    }

    @Test
    void allocateByMinMaxMapFillsEveryMinimumInOrderThenEveryMaximumInOrder() {
        Map<String, Object> ud = unitedDeployment(10, map("name", "a", "minReplicas", 1, "maxReplicas", 2),
                map("name", "b", "minReplicas", 2, "maxReplicas", "30%"), map("name", "c"));

        assertThat(SubsetSplit.replicas(ud)).containsExactly(Map.entry("a", 2), Map.entry("b", 3),
                Map.entry("c", 5));
    }

    @Test
    void allocateByMinMaxMapStopsWhenTheMinimaAlreadyUseEveryReplica() {
        Map<String, Object> ud = unitedDeployment(3, map("name", "a", "minReplicas", 2), map("name", "b",
                "minReplicas", 2), map("name", "c"));

        assertThat(SubsetSplit.replicas(ud)).containsExactly(Map.entry("a", 2), Map.entry("b", 1),
                Map.entry("c", 0));
    }
}
