package dev.flotilla.meta.wave;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.meta.web.FlotillaException;
import org.junit.jupiter.api.Test;

/** The operator's controls over in-memory stores: what they refuse, and that a refusal changes nothing. */
class CampaignControlsTest {

    private final InMemoryEngine engine = new InMemoryEngine();
    private final CampaignControls controls = engine.controls;

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
    void rollingBackASucceededCampaignIsAnIllegalTransition() {
        long id = engine.campaign(1).create();
        engine.settle(id);
        engine.report(id, 1, TargetState.SUCCEEDED);
        engine.settle(id);

        assertThatThrownBy(() -> controls.rollback(FakeKind.KIND, id))
                .isInstanceOfSatisfying(FlotillaException.class,
                        e -> assertThat(e.problem()).isEqualTo(FlotillaException.Problem.ILLEGAL_TRANSITION));
        assertThat(engine.kind.rollbacks).isEmpty();
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
