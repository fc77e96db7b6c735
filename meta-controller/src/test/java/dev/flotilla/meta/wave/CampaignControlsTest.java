package dev.flotilla.meta.wave;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.meta.web.FlotillaException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operator's controls over in-memory stores: what they refuse, and that a refusal changes nothing. */
class CampaignControlsTest {

    private final InMemoryEngine engine = new InMemoryEngine();
    private final CampaignControls controls = engine.controls;
    private final FakeTargets targets = engine.targets;

    @Test
    void approvingACampaignThatWaitsForNoApprovalIsAnIllegalTransition() {
        long id = engine.campaign(1, 1).create();
        engine.settle(id);

        assertThatThrownBy(() -> controls.approve(FakeKind.KIND, id))
                .isInstanceOfSatisfying(FlotillaException.class, e -> {
                    assertThat(e.problem()).isEqualTo(FlotillaException.Problem.ILLEGAL_TRANSITION);
                    assertThat(e.problem().status()).isEqualTo(409);
                });
        assertThat(engine.campaigns.get(id).approvedThrough).isEqualTo(-1);
        assertThat(engine.state(id)).isEqualTo(CampaignState.RUNNING);
    }

    @Test
    void resumingASucceededCampaignIsAnIllegalTransitionNamingBothStates() {
        long id = engine.campaign(1).create();
        engine.settle(id);
        engine.report(id, 1, TargetState.SUCCEEDED);
        engine.settle(id);

        assertThatThrownBy(() -> controls.resume(FakeKind.KIND, id))
                .isInstanceOfSatisfying(FlotillaException.class,
                        e -> assertThat(e.problem().status()).isEqualTo(409))
                .hasMessageContaining("SUCCEEDED").hasMessageContaining("RUNNING");
        assertThat(engine.state(id)).isEqualTo(CampaignState.SUCCEEDED);
    }

    @Test
    void pausingAPausedCampaignIsAnIllegalTransitionAndPausesNothingAgain() {
        long id = engine.campaign(2).create();
        engine.settle(id);
        controls.pause(FakeKind.KIND, id);
        assertThat(engine.kind.pauses).hasSize(1);

        assertThatThrownBy(() -> controls.pause(FakeKind.KIND, id))
                .isInstanceOfSatisfying(FlotillaException.class,
                        e -> assertThat(e.problem()).isEqualTo(FlotillaException.Problem.ILLEGAL_TRANSITION));
        assertThat(engine.kind.pauses).hasSize(1);
    }

    @Test
    void rollingBackASucceededCampaignReturnsItsTargetsWithinMaxConcurrencyInPlanOrder() {
        long id = engine.campaign(1, 4).maxConcurrency(2).maxFailures(1).noPrevious(3).create();
        for (int round = 0; round < 10 && engine.state(id) == CampaignState.RUNNING; round++) {
            engine.settle(id);
            targets.inState(id, TargetState.DISPATCHED).forEach(c -> engine.report(id, c,
                    c == 5 ? TargetState.FAILED : TargetState.SUCCEEDED));
        }
        assertThat(engine.state(id)).isEqualTo(CampaignState.SUCCEEDED);

        controls.rollback(FakeKind.KIND, id);

        assertThat(engine.state(id)).isEqualTo(CampaignState.ROLLING_BACK);
        assertThat(targets.inState(id, TargetState.ROLLBACK_PENDING)).as("even the failed one within the budget")
                .containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(engine.kind.rollbacks).as("nothing is returned before an engine pass").isEmpty();
        assertThat(engine.history.types(id)).endsWith("ROLLING_BACK", "ROLLBACK_QUEUED");

        engine.settle(id);
        assertThat(engine.kind.rollbacks).containsExactly(
                new FakeKind.Rollback(id, List.of(1L, 2L), Map.of(1L, "rev-1", 2L, "rev-2")));
        assertThat(targets.inState(id, TargetState.DISPATCHED)).containsExactly(1L, 2L);

        engine.report(id, 1, TargetState.ROLLED_BACK);
        engine.settle(id);
        // 3 ran nothing before: the fake kind answers it done at once, which frees its slot for 4 in the same pass
        assertThat(engine.kind.rollbacks).hasSize(3);
        assertThat(targets.state(id, 3)).isEqualTo(TargetState.ROLLED_BACK);
        assertThat(targets.inState(id, TargetState.DISPATCHED)).containsExactly(2L, 4L);
        assertThat(targets.inState(id, TargetState.ROLLBACK_PENDING)).containsExactly(5L);

        engine.report(id, 2, TargetState.ROLLED_BACK);
        engine.report(id, 4, TargetState.ROLLED_BACK);
        engine.settle(id);
        engine.report(id, 5, TargetState.ROLLED_BACK);
        engine.settle(id);
        assertThat(engine.state(id)).isEqualTo(CampaignState.ROLLED_BACK);
        assertThat(targets.inState(id, TargetState.ROLLED_BACK)).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void aRollbackTheKindRefusesIsAConflictAndChangesNothing() {
        long id = engine.campaign(2).create();
        engine.settle(id);
        engine.kind.rollbackRefusal = "its work cannot be undone";

        assertThatThrownBy(() -> controls.rollback(FakeKind.KIND, id))
                .isInstanceOfSatisfying(FlotillaException.class, e -> {
                    assertThat(e.problem()).isEqualTo(FlotillaException.Problem.CONFLICT);
                    assertThat(e.problem().status()).isEqualTo(409);
                })
                .hasMessageContaining("its work cannot be undone");
        assertThat(engine.state(id)).isEqualTo(CampaignState.RUNNING);
        assertThat(engine.kind.rollbacks).isEmpty();
    }

    @Test
    void aControlOnACampaignOfAnotherKindIsNotFound() {
        long id = engine.campaign(1).create();

        assertThatThrownBy(() -> controls.pause("ROLLOUT", id))
                .isInstanceOfSatisfying(FlotillaException.class,
                        e -> assertThat(e.problem()).isEqualTo(FlotillaException.Problem.NOT_FOUND));
        assertThat(engine.state(id)).isEqualTo(CampaignState.RUNNING);
    }

    @Test
    void anUnknownActionIsNotFound() {
        long id = engine.campaign(1).create();

        assertThatThrownBy(() -> controls.apply(FakeKind.KIND, id, "restart", null))
                .isInstanceOfSatisfying(FlotillaException.class,
                        e -> assertThat(e.problem()).isEqualTo(FlotillaException.Problem.NOT_FOUND));
    }
}
