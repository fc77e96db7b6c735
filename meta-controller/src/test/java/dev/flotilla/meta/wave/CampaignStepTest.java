package dev.flotilla.meta.wave;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.meta.cluster.ClusterState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine's decisions, one pass at a time over in-memory stores: no Spring, no database. */
class CampaignStepTest {

    private final InMemoryEngine engine = new InMemoryEngine();
    private final FakeKind kind = engine.kind;
    private final FakeTargets targets = engine.targets;

    @Test
    void theFirstPassStartsTheCanaryWaveAndTheNextDispatchesIt() {
        long id = engine.campaign(1, 2).create();

        assertThat(engine.pass(id)).as("another pass follows at once").isTrue();
        assertThat(engine.campaigns.get(id).currentWave).isZero();
        assertThat(kind.dispatched).isEmpty();

        assertThat(engine.pass(id)).isFalse();
        assertThat(kind.dispatched).containsExactly(1L);
        assertThat(targets.state(id, 1)).isEqualTo(TargetState.DISPATCHED);
        assertThat(targets.inState(id, TargetState.PENDING)).containsExactly(2L, 3L);
        assertThat(engine.history.types(id)).containsExactly("WAVE_STARTED", "TARGET_DISPATCHED");
        assertThat(engine.state(id)).isEqualTo(CampaignState.RUNNING);
    }

    /**
     * Each pass counts every target of its campaign; once all a large campaign's targets are in flight reports bring
     * its next pass later (targets / 10 ms, 200 ms to 1 s), while targets wait for room they come as before.
     */
    @Test
    void reportsBringALargeCampaignsNextPassLaterOnlyOnceAllItsTargetsAreInFlight() {
        assertThat(settled(new InMemoryEngine(), 1_000, null).reportPassMillis()).isEqualTo(200);
        assertThat(settled(new InMemoryEngine(), 5_000, null).reportPassMillis()).isEqualTo(500);
        assertThat(settled(new InMemoryEngine(), 12_000, null).reportPassMillis()).isEqualTo(1000);
        assertThat(settled(new InMemoryEngine(), 12_000, 100).reportPassMillis()).as("targets wait for room")
                .isEqualTo(200);
    }

    private static CampaignStep.Pass settled(InMemoryEngine engine, int targets, Integer maxConcurrency) {
        InMemoryEngine.Plan plan = engine.campaign(targets);
        long id = (maxConcurrency == null ? plan : plan.maxConcurrency(maxConcurrency)).create();
        for (int passes = 0; passes < 100; passes++) {
            CampaignStep.Pass pass = engine.step.advance(id);
            if (!pass.again()) {
                assertThat(engine.targets.inFlight(id)).hasSize(maxConcurrency == null ? targets : maxConcurrency);
                return pass;
            }
        }
        throw new AssertionError("the engine never settled");
    }

    @Test
    void dispatchNeverExceedsMaxConcurrencyAndFillsTheRoomAsTargetsFinish() {
        long id = engine.campaign(5).maxConcurrency(2).create();

        engine.settle(id);
        assertThat(targets.inFlight(id)).containsExactly(1L, 2L);

        engine.report(id, 1, TargetState.SUCCEEDED);
        engine.settle(id);
        assertThat(targets.inFlight(id)).containsExactly(2L, 3L);

        engine.report(id, 2, TargetState.IN_PROGRESS);
        engine.settle(id);
        assertThat(targets.inFlight(id)).as("still in progress: no room").containsExactly(2L, 3L);

        engine.report(id, 2, TargetState.SUCCEEDED);
        engine.report(id, 3, TargetState.SUCCEEDED);
        engine.settle(id);
        assertThat(targets.inFlight(id)).containsExactly(4L, 5L);
        assertThat(kind.dispatched).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(kind.dispatchCalls).allSatisfy(call -> assertThat(call).hasSizeLessThanOrEqualTo(2));
    }

    @Test
    void aFinishedWaveSoaksForSoakSecondsBeforeTheNextStarts() {
        long id = engine.campaign(1, 1, 1).soakSeconds(60).create();
        engine.settle(id);
        engine.report(id, 1, TargetState.SUCCEEDED);

        assertThat(engine.settle(id)).as("the pass that starts the soak asks for no other").isEqualTo(1);
        assertThat(engine.campaigns.get(id).soakUntil).isEqualTo(engine.clock.instant().plusSeconds(60));
        assertThat(engine.history.types(id)).endsWith("WAVE_COMPLETED", "SOAK_STARTED");

        engine.clock.advance(Duration.ofSeconds(59));
        engine.settle(id);
        assertThat(engine.campaigns.get(id).currentWave).isZero();
        assertThat(targets.state(id, 2)).isEqualTo(TargetState.PENDING);

        engine.clock.advance(Duration.ofSeconds(1));
        engine.settle(id);
        assertThat(engine.campaigns.get(id).currentWave).isEqualTo(1);
        assertThat(engine.campaigns.get(id).soakUntil).isNull();
        assertThat(targets.state(id, 2)).isEqualTo(TargetState.DISPATCHED);
    }

    @Test
    void theLastWaveDoesNotSoak() {
        long id = engine.campaign(1, 1).soakSeconds(60).create();
        engine.settle(id);
        engine.report(id, 1, TargetState.SUCCEEDED);
        engine.settle(id);
        engine.clock.advance(Duration.ofSeconds(60));
        engine.settle(id);

        engine.report(id, 2, TargetState.SUCCEEDED);
        engine.settle(id);

        assertThat(engine.state(id)).isEqualTo(CampaignState.SUCCEEDED);
        assertThat(engine.history.types(id)).filteredOn("SOAK_STARTED"::equals).hasSize(1);
        assertThat(engine.campaigns.get(id).finishedAt).isEqualTo(engine.clock.instant());
    }

    @Test
    void anEmptyWaveDoesNotSoak() {
        long id = engine.campaign(1, 0, 1).soakSeconds(60).create();
        engine.settle(id);
        engine.report(id, 1, TargetState.SUCCEEDED);
        engine.settle(id);

        engine.clock.advance(Duration.ofSeconds(60));
        engine.settle(id);

        assertThat(engine.campaigns.get(id).currentWave).isEqualTo(2);
        assertThat(targets.state(id, 2)).isEqualTo(TargetState.DISPATCHED);
        assertThat(engine.history.types(id)).filteredOn("SOAK_STARTED"::equals).hasSize(1);
    }

    @Test
    void anApprovalWaveWaitsUntilAnOperatorApprovesIt() {
        long id = engine.campaign(1, 2).approval(1).create();
        engine.settle(id);
        engine.report(id, 1, TargetState.SUCCEEDED);
        engine.settle(id);

        assertThat(engine.state(id)).isEqualTo(CampaignState.WAITING_APPROVAL);
        assertThat(engine.pass(id)).as("a waiting campaign is not claimed").isFalse();
        assertThat(engine.campaigns.get(id).currentWave).isZero();
        assertThat(targets.inState(id, TargetState.PENDING)).containsExactly(2L, 3L);

        engine.controls.approve(FakeKind.KIND, id);
        assertThat(engine.state(id)).isEqualTo(CampaignState.RUNNING);
        assertThat(engine.campaigns.get(id).approvedThrough).isEqualTo(1);

        engine.settle(id);
        assertThat(engine.campaigns.get(id).currentWave).isEqualTo(1);
        assertThat(kind.dispatched).containsExactly(1L, 2L, 3L);
    }

    @Test
    void failuresBeyondTheBudgetPauseTheCampaignAndItsInFlightWork() {
        long id = engine.campaign(3, 3).maxFailures(1).create();
        engine.settle(id);

        engine.report(id, 1, TargetState.FAILED);
        engine.settle(id);
        assertThat(engine.state(id)).as("one failure is within the budget").isEqualTo(CampaignState.RUNNING);

        engine.report(id, 2, TargetState.FAILED);
        engine.settle(id);

        assertThat(engine.state(id)).isEqualTo(CampaignState.PAUSED);
        assertThat(engine.history.types(id)).endsWith("BUDGET_SPENT", "PAUSED");
        assertThat(kind.pauses).containsExactly(new FakeKind.Pause(id, List.of(3L), true));
        assertThat(kind.rollbacks).isEmpty();
        assertThat(engine.pass(id)).isFalse();
        assertThat(kind.dispatched).containsExactly(1L, 2L, 3L);
    }

    @Test
    void failuresBeyondTheBudgetRollBackEveryTouchedTargetWithOnFailureRollback() {
        long id = engine.campaign(3, 2).onFailure(FailurePolicy.ROLLBACK).noPrevious(2).create();
        engine.settle(id);
        engine.report(id, 1, TargetState.SUCCEEDED);
        engine.report(id, 3, TargetState.FAILED);

        engine.settle(id);

        assertThat(engine.state(id)).isEqualTo(CampaignState.ROLLING_BACK);
        assertThat(kind.rollbacks).containsExactly(
                new FakeKind.Rollback(id, List.of(1L, 2L, 3L), Map.of(1L, "rev-1", 3L, "rev-3")));
        assertThat(targets.state(id, 2)).as("nothing ran before: rolled back at once")
                .isEqualTo(TargetState.ROLLED_BACK);
        assertThat(targets.inState(id, TargetState.DISPATCHED)).containsExactly(1L, 3L);
        assertThat(targets.get(id, 1).rollback).isTrue();
        assertThat(targets.inState(id, TargetState.SKIPPED)).containsExactly(4L, 5L);
        assertThat(kind.skipped).containsExactly(4L, 5L);
        assertThat(engine.history.types(id)).contains("BUDGET_SPENT", "ROLLING_BACK", "TARGETS_SKIPPED",
                "TARGET_ROLLING_BACK", "TARGET_ROLLED_BACK");
        assertThat(kind.pauses).isEmpty();
    }

    @Test
    void aRollbackEndsRolledBackOnceEveryTouchedTargetReturned() {
        long id = engine.campaign(2).onFailure(FailurePolicy.ROLLBACK).create();
        engine.settle(id);
        engine.report(id, 1, TargetState.FAILED);
        engine.settle(id);

        engine.report(id, 1, TargetState.ROLLED_BACK);
        assertThat(engine.pass(id)).isFalse();
        assertThat(engine.state(id)).as("target 2 still rolls back").isEqualTo(CampaignState.ROLLING_BACK);

        engine.report(id, 2, TargetState.ROLLED_BACK);
        engine.settle(id);
        assertThat(engine.state(id)).isEqualTo(CampaignState.ROLLED_BACK);
        assertThat(engine.campaigns.get(id).finishedAt).isNotNull();
    }

    @Test
    void aRollbackEndsFailedWhenATargetFailedToRollBack() {
        long id = engine.campaign(2).onFailure(FailurePolicy.ROLLBACK).create();
        engine.settle(id);
        engine.report(id, 1, TargetState.FAILED);
        engine.settle(id);

        engine.report(id, 1, TargetState.ROLLED_BACK);
        engine.report(id, 2, TargetState.FAILED);
        engine.settle(id);

        assertThat(engine.state(id)).isEqualTo(CampaignState.FAILED);
        assertThat(engine.campaigns.get(id).message).isEqualTo("1 targets failed to roll back");
    }

    @Test
    void resumeAfterASpentBudgetAcceptsTheFailuresSoFarAndTheNextFailurePausesAgain() {
        long id = engine.campaign(2, 2).create();
        engine.settle(id);
        engine.report(id, 1, TargetState.FAILED);
        engine.settle(id);
        assertThat(engine.state(id)).isEqualTo(CampaignState.PAUSED);

        engine.controls.resume(FakeKind.KIND, id);
        assertThat(engine.state(id)).isEqualTo(CampaignState.RUNNING);
        assertThat(engine.campaigns.get(id).failureBase).isEqualTo(1);
        assertThat(kind.pauses).containsExactly(new FakeKind.Pause(id, List.of(2L), true),
                new FakeKind.Pause(id, List.of(2L), false));

        engine.report(id, 2, TargetState.SUCCEEDED);
        engine.settle(id);
        assertThat(engine.state(id)).isEqualTo(CampaignState.RUNNING);
        assertThat(targets.inFlight(id)).containsExactly(3L, 4L);

        engine.report(id, 3, TargetState.FAILED);
        engine.settle(id);
        assertThat(engine.state(id)).isEqualTo(CampaignState.PAUSED);
    }

    @Test
    void withUnreachableSkipANotReadyTargetIsSkippedWhenItsTurnComes() {
        long id = engine.campaign(3).unreachable(UnreachablePolicy.SKIP).create();
        targets.cluster(2, ClusterState.NOT_READY);

        engine.settle(id);

        assertThat(targets.state(id, 2)).isEqualTo(TargetState.SKIPPED);
        assertThat(targets.get(id, 2).message).isEqualTo("cluster was NOT_READY when its turn came");
        assertThat(kind.skipped).containsExactly(2L);
        assertThat(kind.dispatched).containsExactly(1L, 3L);
        assertThat(engine.history.types(id)).contains("TARGET_SKIPPED");

        engine.report(id, 1, TargetState.SUCCEEDED);
        engine.report(id, 3, TargetState.SUCCEEDED);
        engine.settle(id);
        assertThat(engine.state(id)).isEqualTo(CampaignState.SUCCEEDED);
    }

    @Test
    void withUnreachableWaitANotReadyTargetStaysPendingAndHoldsItsWave() {
        long id = engine.campaign(3).create();
        targets.cluster(2, ClusterState.NOT_READY);
        engine.settle(id);
        engine.report(id, 1, TargetState.SUCCEEDED);
        engine.report(id, 3, TargetState.SUCCEEDED);

        engine.settle(id);
        assertThat(targets.state(id, 2)).isEqualTo(TargetState.PENDING);
        assertThat(engine.state(id)).isEqualTo(CampaignState.RUNNING);
        assertThat(kind.skipped).isEmpty();

        targets.cluster(2, ClusterState.READY);
        engine.settle(id);
        assertThat(kind.dispatched).containsExactly(1L, 3L, 2L);
    }

    /**
     * Each pass searches for pending targets from where they began at the previous pass's search, not from the
     * wave's start; a pending target whose carrier is not READY holds that floor before it, and is dispatched once
     * its carrier is READY again.
     */
    @Test
    void theSearchForPendingTargetsStartsWhereTheyBeganAtThePreviousPass() {
        long id = engine.campaign(2500).create();
        targets.cluster(1500, ClusterState.NOT_READY);

        engine.settle(id);
        assertThat(targets.inState(id, TargetState.PENDING)).containsExactly(1500L);
        assertThat(targets.searchedAfter).as("passes: from the start (nothing known), from the start (every target "
                + "pending then), after the first 1,000 dispatched (a second page from the last candidate)")
                .containsExactly(0, 0, 1000, 2500);

        targets.cluster(1500, ClusterState.READY);
        engine.settle(id);
        assertThat(targets.inState(id, TargetState.PENDING)).isEmpty();
        assertThat(kind.dispatched).hasSize(2500).endsWith(1500L);
        assertThat(targets.searchedAfter.subList(4, targets.searchedAfter.size())).as("from before the waiting target")
                .startsWith(1499);
    }

    @Test
    void aCordonedClusterIsSkippedEvenWhenUnreachableTargetsWait() {
        long id = engine.campaign(2).create();
        targets.cluster(1, ClusterState.CORDONED);

        engine.settle(id);

        assertThat(targets.state(id, 1)).isEqualTo(TargetState.SKIPPED);
        assertThat(kind.dispatched).containsExactly(2L);
    }

    @Test
    void aTargetWaitsForTheReadinessOfTheClusterCarryingItsWork() {
        long id = engine.campaign(2).carrier(2, 9).create();
        targets.cluster(9, ClusterState.NOT_READY);

        engine.settle(id);
        assertThat(kind.dispatched).containsExactly(1L);

        targets.cluster(9, ClusterState.READY);
        engine.settle(id);
        assertThat(kind.dispatched).containsExactly(1L, 2L);
    }

    @Test
    void targetsTheKindHoldsBackStayPendingAndOthersTakeTheirRoom() {
        long id = engine.campaign(4).maxConcurrency(2).create();
        kind.notYet.put(1L, "outside its maintenance window");

        engine.settle(id);
        assertThat(kind.dispatched).containsExactly(2L, 3L);
        assertThat(targets.state(id, 1)).isEqualTo(TargetState.PENDING);
        assertThat(targets.get(id, 1).message).isEqualTo("outside its maintenance window");

        kind.notYet.clear();
        engine.report(id, 2, TargetState.SUCCEEDED);
        engine.settle(id);
        assertThat(kind.dispatched).containsExactly(2L, 3L, 1L);
        assertThat(targets.get(id, 1).message).isNull();
    }

    @Test
    void targetsWhoseWorkCannotBeMadeFailAtOnceAndSpendTheBudget() {
        long id = engine.campaign(1, 3).maxFailures(1).create();
        kind.refuse.put(2L, "override 0 does not apply: no resource Service/web");
        kind.refuse.put(3L, "override 0 does not apply: no resource Service/web");
        engine.settle(id);
        engine.report(id, 1, TargetState.SUCCEEDED);

        engine.settle(id);

        assertThat(targets.state(id, 2)).isEqualTo(TargetState.FAILED);
        assertThat(targets.get(id, 2).message).isEqualTo("override 0 does not apply: no resource Service/web");
        assertThat(engine.state(id)).as("two failures, one tolerated").isEqualTo(CampaignState.PAUSED);
        assertThat(engine.history.types(id)).contains("TARGET_FAILED", "BUDGET_SPENT");
    }

    @Test
    void abortSkipsPendingTargetsAndStopsInFlightOnesAsTheKindDefines() {
        long id = engine.campaign(2, 2).maxConcurrency(1).create();
        engine.settle(id);

        engine.controls.abort(FakeKind.KIND, id);

        assertThat(engine.state(id)).isEqualTo(CampaignState.ABORTED);
        assertThat(targets.inState(id, TargetState.SKIPPED)).containsExactly(2L, 3L, 4L);
        assertThat(kind.skipped).containsExactly(2L, 3L, 4L);
        assertThat(kind.aborted).containsExactly(1L);
        assertThat(targets.state(id, 1)).as("stopped for good").isEqualTo(TargetState.ABORTED);
        assertThat(engine.history.types(id)).contains("TARGET_ABORTED");
        engine.report(id, 1, TargetState.SUCCEEDED);
        assertThat(targets.state(id, 1)).as("a late report moves it nowhere").isEqualTo(TargetState.ABORTED);
        assertThat(engine.campaigns.get(id).finishedAt).isNotNull();
        assertThat(engine.pass(id)).isFalse();
        assertThat(kind.dispatched).containsExactly(1L);
    }

    @Test
    void aCampaignSucceedsOnceEveryWaveIsDone() {
        long id = engine.campaign(1, 2, 2).create();

        for (int round = 0; round < 10 && engine.state(id) == CampaignState.RUNNING; round++) {
            engine.settle(id);
            targets.inFlight(id).forEach(cluster -> engine.report(id, cluster, TargetState.SUCCEEDED));
        }

        assertThat(engine.state(id)).isEqualTo(CampaignState.SUCCEEDED);
        assertThat(targets.inState(id, TargetState.SUCCEEDED)).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(engine.history.types(id)).filteredOn("WAVE_STARTED"::equals).hasSize(3);
        assertThat(engine.history.types(id)).filteredOn("WAVE_COMPLETED"::equals).hasSize(3);
        assertThat(engine.history.types(id)).last().isEqualTo("SUCCEEDED");
        assertThat(engine.campaigns.get(id).message).isEqualTo("all 3 waves complete");
    }

    @Test
    void progressFromTheKindIsAppliedAndAsksForAnotherPass() {
        long id = engine.campaign(1, 1).create();
        engine.settle(id);
        kind.nextProgress.add(new TargetUpdate(id, 1, TargetState.SUCCEEDED, 3, 3, null, "last batch done"));

        assertThat(engine.pass(id)).isTrue();

        assertThat(targets.state(id, 1)).isEqualTo(TargetState.SUCCEEDED);
        assertThat(targets.get(id, 1).batch).isEqualTo(3);
        assertThat(engine.history.of(id)).last()
                .isEqualTo(new CampaignEvent.New("TARGET_SUCCEEDED", "last batch done", "c1"));
        assertThat(engine.pass(id)).as("the wave closed: the next starts").isTrue();
        assertThat(engine.campaigns.get(id).currentWave).isEqualTo(1);
    }

    @Test
    void progressTheTargetStateMachineRefusesChangesNothingAndAsksForNoOtherPass() {
        long id = engine.campaign(1, 1).create();
        engine.settle(id);
        kind.nextProgress.add(new TargetUpdate(id, 2, TargetState.SUCCEEDED, null, null, null, null));

        assertThat(engine.pass(id)).isFalse();

        assertThat(kind.progressCalls).isPositive();
        assertThat(targets.state(id, 2)).isEqualTo(TargetState.PENDING);
    }
}
