package dev.flotilla.agent.reconcile;

import static dev.flotilla.agent.support.Manifests.item;
import static dev.flotilla.agent.support.Manifests.strategy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.agent.backend.Workload;
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

/** The reconciler against a simulated cluster, time moved by hand: every step is deterministic. */
class WorkReconcilerTest {

    private final SettableClock clock = new SettableClock();
    private final SimulatedCluster cluster = SimulatedCluster.of(3, List.of("zone-a", "zone-b"),
            new SimulationSettings(5, 20, 10, 0.2, 1, Set.of("web:broken"), 3), clock);
    private final List<StatusReport> reports = new ArrayList<>();
    private WorkReconciler reconciler = new WorkReconciler("c1", cluster, reports::add, clock);
    private final List<Integer> partitions = new ArrayList<>();

    private WorkItem installed(WorkItem v1) {
        runUntilTerminal(v1, 1000);
        assertThat(last().phase()).isEqualTo(WorkPhase.SUCCEEDED);
        reports.clear();
        partitions.clear();
        return v1;
    }

    private void runUntilTerminal(WorkItem item, int maxSeconds) {
        reconciler.accept(List.of(item));
        for (int s = 0; s < maxSeconds && (reports.isEmpty() || !last().phase().terminal()
                || last().generation() != item.generation()); s++) {
            tick(item);
        }
    }

    private void tick(WorkItem item) {
        reconciler.reconcile();
        cluster.read(WorkloadRef.of(item)).map(w -> WorkloadShape.of(item.kind()).partitions(w.object()))
                .map(p -> p.get(WorkloadShape.WHOLE)).filter(p -> partitions.isEmpty()
                        || !partitions.get(partitions.size() - 1).equals(p)).ifPresent(partitions::add);
        clock.advance(Duration.ofSeconds(1));
    }

    private StatusReport last() {
        return reports.get(reports.size() - 1);
    }

    private List<String> progress() {
        return reports.stream().filter(r -> r.phase() != WorkPhase.APPLYING)
                .map(r -> r.phase() + " " + r.batch() + "/" + r.batches()).distinct().toList();
    }

    private static WorkItem cloneSet(String image, int revision, ClusterStrategy strategy, boolean paused,
            long generation) {
        return item("web-rollout", WorkloadKind.CloneSet, Manifests.cloneSet("web", 4, image), revision, strategy,
                paused, false, generation);
    }

    @Test
    void lowersTheCloneSetPartitionBatchByBatch() {
        installed(cloneSet("web:v1", 1, ClusterStrategy.oneBatch(), false, 1));

        runUntilTerminal(cloneSet("web:v2", 2, strategy(UpdateType.InPlaceIfPossible, "1", null, "3", "1"),
                false, 2), 1000);

        assertThat(partitions).containsExactly(4, 3, 1, 0);
        assertThat(progress()).containsExactly("BATCH_IN_PROGRESS 1/3", "BATCH_COMPLETE 1/3",
                "BATCH_IN_PROGRESS 2/3", "BATCH_COMPLETE 2/3", "BATCH_IN_PROGRESS 3/3", "SUCCEEDED 3/3");
        assertThat(reports).extracting(StatusReport::seq).isSorted().doesNotHaveDuplicates();
        assertThat(last().observed().updatedReadyReplicas()).isEqualTo(4);
        Workload web = cluster.read(WorkloadRef.of(cloneSet("web:v2", 2, null, false, 2))).orElseThrow();
        assertThat(web.object().toString()).contains("type=InPlaceIfPossible", "maxUnavailable=1");
    }

    @Test
    void reportsOnlyOnChangeAndDoesNotDriveAFinishedItemAgain() {
        WorkItem v1 = installed(cloneSet("web:v1", 1, ClusterStrategy.oneBatch(), false, 1));
        reconciler.accept(List.of(v1));

        for (int s = 0; s < 30; s++) {
            tick(v1);
        }

        assertThat(reports).isEmpty();
    }

    @Test
    void settledOnlyAfterAPassFoundEveryItemFinishedAndUntilNewWorkArrives() {
        assertThat(reconciler.settled()).as("no pass yet").isFalse();
        WorkItem v1 = cloneSet("web:v1", 1, ClusterStrategy.oneBatch(), false, 1);
        reconciler.accept(List.of(v1));
        tick(v1);
        assertThat(reconciler.settled()).as("the item is being applied").isFalse();

        runUntilTerminal(v1, 1000);
        assertThat(last().phase()).isEqualTo(WorkPhase.SUCCEEDED);
        assertThat(reconciler.settled()).as("the pass that reported SUCCEEDED drove the item").isFalse();
        tick(v1);
        assertThat(reconciler.settled()).isTrue();

        WorkItem v2 = cloneSet("web:v2", 2, ClusterStrategy.oneBatch(), false, 2);
        reconciler.accept(List.of(v2));
        assertThat(reconciler.settled()).as("new work, before any pass").isFalse();
        reconciler.accept(List.of());
        tick(v1);
        assertThat(reconciler.settled()).as("no items: nothing to do").isTrue();
    }

    @Test
    void pausedItemStopsAtTheNextBatchBoundaryAndResumes() {
        installed(cloneSet("web:v1", 1, ClusterStrategy.oneBatch(), false, 1));
        ClusterStrategy batches = strategy(UpdateType.ReCreate, "1", null, "3", "1");
        WorkItem running = cloneSet("web:v2", 2, batches, false, 2);
        reconciler.accept(List.of(running));
        while (partitions.isEmpty() || partitions.get(partitions.size() - 1) != 3) {
            tick(running);
        }

        WorkItem paused = cloneSet("web:v2", 2, batches, true, 3);
        runUntilPhase(paused, WorkPhase.PAUSED);
        for (int s = 0; s < 200; s++) {
            tick(paused);
        }
        assertThat(partitions).containsExactly(4, 3);
        assertThat(last()).extracting(StatusReport::phase, StatusReport::batch).containsExactly(WorkPhase.PAUSED, 1);
        assertThat(cluster.read(WorkloadRef.of(paused)).orElseThrow().object().toString()).contains("paused=true");

        runUntilTerminal(cloneSet("web:v2", 2, batches, false, 4), 1000);
        assertThat(partitions).containsExactly(4, 3, 1, 0);
        assertThat(last().phase()).isEqualTo(WorkPhase.SUCCEEDED);
    }

    private void runUntilPhase(WorkItem item, WorkPhase phase) {
        reconciler.accept(List.of(item));
        for (int s = 0; s < 1000 && (reports.isEmpty() || last().phase() != phase); s++) {
            tick(item);
        }
        assertThat(last().phase()).isEqualTo(phase);
    }

    @Test
    void waitsTheBatchPauseBeforeTheNextBatch() {
        installed(cloneSet("web:v1", 1, ClusterStrategy.oneBatch(), false, 1));
        ClusterStrategy strategy = new ClusterStrategy(UpdateType.InPlaceIfPossible, "4", null,
                List.of(new ClusterStrategy.Batch("2", 300)), null);

        runUntilTerminal(cloneSet("web:v2", 2, strategy, false, 2), 2000);

        StatusReport pausing = reports.stream().filter(r -> r.phase() == WorkPhase.BATCH_COMPLETE).findFirst()
                .orElseThrow();
        StatusReport next = reports.stream().filter(r -> r.phase() == WorkPhase.BATCH_IN_PROGRESS && r.batch() == 2)
                .findFirst().orElseThrow();
        assertThat(pausing.message()).contains("next batch in 300s");
        assertThat(next.seq() - pausing.seq()).isGreaterThanOrEqualTo(300_000);
    }

    @Test
    void aStuckBatchFailsAtItsDeadlineWithTheReason() {
        installed(cloneSet("web:v1", 1, ClusterStrategy.oneBatch(), false, 1));

        runUntilTerminal(cloneSet("web:broken", 2, strategy(UpdateType.ReCreate, "1", 120, "2"), false, 2), 1000);

        assertThat(last().phase()).isEqualTo(WorkPhase.FAILED);
        assertThat(last().batch()).isEqualTo(1);
        assertThat(last().message()).contains("progress deadline of 120s", "0/2 updated pods ready",
                "FailedUpdate", "not ready");
        assertThat(partitions).containsExactly(4, 2);
    }

    @Test
    void aNewAgentContinuesMidRolloutFromTheClusterState() {
        installed(cloneSet("web:v1", 1, ClusterStrategy.oneBatch(), false, 1));
        WorkItem v2 = cloneSet("web:v2", 2, strategy(UpdateType.ReCreate, "1", null, "3", "2", "1"), false, 2);
        reconciler.accept(List.of(v2));
        while (partitions.isEmpty() || partitions.get(partitions.size() - 1) != 2) {
            tick(v2);
        }

        reports.clear();
        reconciler = new WorkReconciler("c1", cluster, reports::add, clock);
        runUntilTerminal(v2, 1000);

        assertThat(partitions).containsExactly(4, 3, 2, 1, 0);
        assertThat(progress()).first().isEqualTo("BATCH_IN_PROGRESS 2/4");
        assertThat(last().phase()).isEqualTo(WorkPhase.SUCCEEDED);
    }

    @Test
    void rollbackAppliesThePreviousRevisionInOneBatch() {
        installed(cloneSet("web:v1", 1, ClusterStrategy.oneBatch(), false, 1));
        WorkItem broken = cloneSet("web:broken", 2, strategy(UpdateType.ReCreate, "1", 60, "3"), false, 2);
        runUntilTerminal(broken, 1000);
        assertThat(last().phase()).isEqualTo(WorkPhase.FAILED);

        WorkItem rollback = item("web-rollout", WorkloadKind.CloneSet, Manifests.cloneSet("web", 4, "web:v1"), 1,
                strategy(UpdateType.ReCreate, "1", null, "3"), false, true, 3);
        runUntilTerminal(rollback, 1000);

        assertThat(last()).extracting(StatusReport::phase, StatusReport::batch, StatusReport::batches)
                .containsExactly(WorkPhase.SUCCEEDED, 1, 1);
        assertThat(partitions).last().isEqualTo(0);
        assertThat(cluster.podRevisions(WorkloadRef.of(rollback)).orElseThrow().get(""))
                .hasSize(4).allMatch(r -> r.equals(last().observed().updateRevision()));
    }

    @Test
    void advancedStatefulSetGetsTheInPlaceReadinessGateAndRollsOut() {
        WorkItem v1 = item("db", WorkloadKind.StatefulSet, Manifests.statefulSet("db", 3, "web:v1"), 1,
                ClusterStrategy.oneBatch(), false, false, 1);
        installed(v1);
        WorkItem v2 = item("db", WorkloadKind.StatefulSet, Manifests.statefulSet("db", 3, "web:v2"), 2,
                strategy(UpdateType.InPlaceIfPossible, "1", null, "2"), false, false, 2);

        runUntilTerminal(v2, 1000);

        assertThat(partitions).containsExactly(3, 2, 0);
        assertThat(last().phase()).isEqualTo(WorkPhase.SUCCEEDED);
        Map<String, Object> sts = cluster.read(WorkloadRef.of(v2)).orElseThrow().object();
        assertThat(sts.toString()).contains("InPlaceUpdateReady", "podUpdatePolicy=InPlaceIfPossible");
    }
}
