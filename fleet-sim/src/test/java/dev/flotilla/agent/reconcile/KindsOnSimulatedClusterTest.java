package dev.flotilla.agent.reconcile;

import static dev.flotilla.agent.support.Manifests.item;
import static dev.flotilla.agent.support.Manifests.strategy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.agent.backend.WorkloadRef;
import dev.flotilla.agent.backend.WorkloadShape;
import dev.flotilla.agent.support.Manifests;
import dev.flotilla.api.agent.ClusterStrategy;
import dev.flotilla.api.agent.StatusReport;
import dev.flotilla.api.agent.UpdateType;
import dev.flotilla.api.agent.WorkItem;
import dev.flotilla.api.agent.WorkPhase;
import dev.flotilla.api.agent.WorkloadKind;
import dev.flotilla.sim.backend.SimulatedCluster;
import dev.flotilla.sim.backend.SimulationSettings;
import dev.flotilla.testsupport.SettableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** UnitedDeployment, SidecarSet and BroadcastJob driven by the reconciler on a simulated cluster. */
class KindsOnSimulatedClusterTest {

    private final SettableClock clock = new SettableClock();
    private final SimulatedCluster cluster = SimulatedCluster.of(3, List.of("zone-a", "zone-b"),
            new SimulationSettings(5, 20, 10, 0.2, 1, Set.of("task:broken"), 3), clock);
    private final List<StatusReport> reports = new ArrayList<>();
    private final WorkReconciler reconciler = new WorkReconciler("c1", cluster, reports::add, clock);
    private final List<Map<String, Integer>> partitions = new ArrayList<>();

    private StatusReport run(WorkItem item) {
        reconciler.accept(List.of(item));
        for (int s = 0; s < 2000; s++) {
            reconciler.reconcile();
            cluster.read(WorkloadRef.of(item)).map(w -> WorkloadShape.of(item.kind()).partitions(w.object()))
                    .filter(p -> partitions.isEmpty() || !partitions.get(partitions.size() - 1).equals(p))
                    .ifPresent(partitions::add);
            clock.advance(Duration.ofSeconds(1));
            StatusReport last = reports.get(reports.size() - 1);
            if (last.generation() == item.generation() && last.phase().terminal()) {
                return last;
            }
        }
        throw new AssertionError("no end: " + reports.get(reports.size() - 1));
    }

    @Test
    void unitedDeploymentRollsZoneByZoneInSubsetOrder() {
        run(item("ud", WorkloadKind.UnitedDeployment, Manifests.unitedDeployment("ud", 4, "web:v1", "zone-b",
                "zone-a"), 1, ClusterStrategy.oneBatch(), false, false, 1));
        partitions.clear();

        StatusReport done = run(item("ud", WorkloadKind.UnitedDeployment, Manifests.unitedDeployment("ud", 4,
                "web:v2", "zone-b", "zone-a"), 2, strategy(UpdateType.InPlaceIfPossible, null, null), false, false, 2));

        assertThat(done).extracting(StatusReport::phase, StatusReport::batch, StatusReport::batches)
                .containsExactly(WorkPhase.SUCCEEDED, 2, 2);
        assertThat(partitions).containsExactly(Map.of("zone-b", 2, "zone-a", 2), Map.of("zone-b", 0, "zone-a", 2),
                Map.of("zone-b", 0, "zone-a", 0));
        assertThat(done.observed().updatedReadyReplicas()).isEqualTo(4);
    }

    @Test
    void sidecarSetIsHeldAtHundredPercentThenSteppedOverItsMatchedPods() {
        run(item("proxy", WorkloadKind.SidecarSet, Manifests.sidecarSet("proxy", "proxy:v1"), 1,
                ClusterStrategy.oneBatch(), false, false, 1));
        partitions.clear();

        StatusReport done = run(item("proxy", WorkloadKind.SidecarSet, Manifests.sidecarSet("proxy", "proxy:v2"), 2,
                strategy(null, "1", null, "50%"), false, false, 2));

        assertThat(done.phase()).isEqualTo(WorkPhase.SUCCEEDED);
        assertThat(partitions).extracting(p -> p.get("")).containsExactly(WorkloadShape.HOLD_ALL, 2, 0);
        assertThat(done.observed().replicas()).isEqualTo(3);
        assertThat(done.observed().updatedReadyReplicas()).isEqualTo(3);
    }

    @Test
    void broadcastJobSucceedsWhenEveryNodesPodSucceeded() {
        StatusReport done = run(item("warm", WorkloadKind.BroadcastJob,
                Manifests.broadcastJob("warm", "task:v1", "FailFast"), 1, ClusterStrategy.oneBatch(), false, false, 1));

        assertThat(done.phase()).isEqualTo(WorkPhase.SUCCEEDED);
        assertThat(done.observed().updatedReplicas()).isEqualTo(3);
    }

    @Test
    void broadcastJobWithContinueSucceedsWithItsFailuresReported() {
        StatusReport done = run(item("warm", WorkloadKind.BroadcastJob,
                Manifests.broadcastJob("warm", "task:broken", "Continue"), 1, ClusterStrategy.oneBatch(), false,
                false, 1));

        assertThat(done.phase()).isEqualTo(WorkPhase.SUCCEEDED);
        assertThat(done.message()).contains("completed with failures", "3 failed");
    }

    @Test
    void broadcastJobFailFastFailsAtTheFirstFailedPod() {
        StatusReport done = run(item("warm", WorkloadKind.BroadcastJob,
                Manifests.broadcastJob("warm", "task:broken", "FailFast"), 1, ClusterStrategy.oneBatch(), false,
                false, 1));

        assertThat(done.phase()).isEqualTo(WorkPhase.FAILED);
        assertThat(done.message()).contains("job pods failed");
    }
}
