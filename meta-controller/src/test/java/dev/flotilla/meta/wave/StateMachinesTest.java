package dev.flotilla.meta.wave;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.meta.web.FlotillaException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class StateMachinesTest {

    @ParameterizedTest
    @CsvSource({"RUNNING, PAUSED", "RUNNING, WAITING_APPROVAL", "WAITING_APPROVAL, RUNNING", "PAUSED, RUNNING",
            "PAUSED, ROLLING_BACK", "RUNNING, ABORTED", "ABORTED, ROLLING_BACK", "ROLLING_BACK, ROLLED_BACK",
            "ROLLING_BACK, FAILED", "RUNNING, SUCCEEDED", "SUCCEEDED, ROLLING_BACK"})
    void campaignMovesThatAreAllowed(CampaignState from, CampaignState to) {
        assertThat(from.canMoveTo(to)).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"SUCCEEDED, RUNNING", "ABORTED, RUNNING", "ROLLED_BACK, ROLLING_BACK", "PAUSED, SUCCEEDED",
            "ROLLING_BACK, PAUSED", "WAITING_APPROVAL, SUCCEEDED", "FAILED, RUNNING", "SUCCEEDED, PAUSED",
            "SUCCEEDED, ROLLED_BACK", "FAILED, ROLLING_BACK"})
    void campaignMovesThatAreRefusedNameBothStates(CampaignState from, CampaignState to) {
        assertThat(from.canMoveTo(to)).isFalse();
        assertThatThrownBy(() -> from.checkMove("rollout 7", to)).isInstanceOf(FlotillaException.class)
                .hasMessageContaining(from.name()).hasMessageContaining(to.name())
                .satisfies(e -> assertThat(((FlotillaException) e).problem())
                        .isEqualTo(FlotillaException.Problem.ILLEGAL_TRANSITION));
    }

    @ParameterizedTest
    @EnumSource(value = CampaignState.class, names = {"ROLLED_BACK", "FAILED"})
    void settledCampaignsGoNowhere(CampaignState settled) {
        for (CampaignState next : CampaignState.values()) {
            assertThat(settled.canMoveTo(next)).isFalse();
        }
        assertThat(settled.active()).isFalse();
    }

    @Test
    void aSucceededCampaignCanOnlyBeRolledBack() {
        for (CampaignState next : CampaignState.values()) {
            assertThat(CampaignState.SUCCEEDED.canMoveTo(next)).as(next.name())
                    .isEqualTo(next == CampaignState.ROLLING_BACK);
        }
        assertThat(CampaignState.SUCCEEDED.active()).isFalse();
    }

    @ParameterizedTest
    // SUCCEEDED -> FAILED: the cluster's own metrics failed its wave's analysis after it converged
    @CsvSource({"PENDING, DISPATCHED", "PENDING, SKIPPED", "DISPATCHED, IN_PROGRESS", "IN_PROGRESS, SUCCEEDED",
            "IN_PROGRESS, FAILED", "SUCCEEDED, DISPATCHED", "FAILED, DISPATCHED", "DISPATCHED, ROLLED_BACK",
            "SUCCEEDED, FAILED", "DISPATCHED, ABORTED", "IN_PROGRESS, ABORTED", "ABORTED, DISPATCHED",
            "ABORTED, ROLLED_BACK", "SUCCEEDED, ROLLBACK_PENDING", "FAILED, ROLLBACK_PENDING",
            "ROLLBACK_PENDING, DISPATCHED", "ROLLBACK_PENDING, ROLLED_BACK", "DISPATCHED, FAILED"})
    void targetMovesThatAreAllowed(TargetState from, TargetState to) {
        assertThat(from.canMoveTo(to)).isTrue();
        assertThat(to.allowedFrom()).contains(from);
    }

    @ParameterizedTest
    // ABORTED is terminal for reports: a late report of a paused agent moves it nowhere
    @CsvSource({"PENDING, SUCCEEDED", "SUCCEEDED, IN_PROGRESS", "FAILED, SUCCEEDED", "SKIPPED, DISPATCHED",
            "ROLLED_BACK, SUCCEEDED", "SKIPPED, FAILED", "ABORTED, IN_PROGRESS", "ABORTED, SUCCEEDED",
            "ABORTED, FAILED", "PENDING, ABORTED", "SUCCEEDED, ABORTED", "ROLLBACK_PENDING, SUCCEEDED",
            "ROLLBACK_PENDING, FAILED", "ROLLBACK_PENDING, IN_PROGRESS", "PENDING, ROLLBACK_PENDING",
            "IN_PROGRESS, ROLLBACK_PENDING", "ROLLED_BACK, ROLLBACK_PENDING"})
    void targetMovesThatAreRefused(TargetState from, TargetState to) {
        assertThat(from.canMoveTo(to)).isFalse();
        assertThat(to.allowedFrom()).doesNotContain(from);
    }

    @Test
    void abortedTargetsAreTouchedButNotInFlight() {
        assertThat(TargetState.TOUCHED).contains(TargetState.ABORTED);
        assertThat(TargetState.ABORTED.inFlight()).isFalse();
        assertThat(TargetState.ROLLBACK_PENDING.inFlight()).isFalse();
        assertThat(TargetState.TOUCHED).doesNotContain(TargetState.ROLLBACK_PENDING);
    }
}
