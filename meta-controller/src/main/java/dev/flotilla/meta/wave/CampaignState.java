package dev.flotilla.meta.wave;

import dev.flotilla.meta.web.FlotillaException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** Where a campaign (a rollout) stands; the allowed transitions are all listed here. */
public enum CampaignState {
    RUNNING, WAITING_APPROVAL, PAUSED, SUCCEEDED, ABORTED, ROLLING_BACK, ROLLED_BACK, FAILED;

    private static final Map<CampaignState, Set<CampaignState>> NEXT = Map.of(
            RUNNING, EnumSet.of(WAITING_APPROVAL, PAUSED, SUCCEEDED, ABORTED, ROLLING_BACK),
            WAITING_APPROVAL, EnumSet.of(RUNNING, PAUSED, ABORTED, ROLLING_BACK),
            PAUSED, EnumSet.of(RUNNING, ABORTED, ROLLING_BACK),
            // an aborted campaign may still be rolled back, as long as no newer campaign took its subject
            ABORTED, EnumSet.of(ROLLING_BACK),
            ROLLING_BACK, EnumSet.of(ROLLED_BACK, FAILED),
            // rollback after success: every target returns to what it ran before, within maxConcurrency
            SUCCEEDED, EnumSet.of(ROLLING_BACK),
            ROLLED_BACK, EnumSet.noneOf(CampaignState.class),
            FAILED, EnumSet.noneOf(CampaignState.class));

    /** States that hold the subject: a second campaign on the same subject is refused meanwhile. */
    public static final Set<CampaignState> ACTIVE = EnumSet.of(RUNNING, WAITING_APPROVAL, PAUSED, ROLLING_BACK);

    public boolean canMoveTo(CampaignState next) {
        return NEXT.get(this).contains(next);
    }

    public boolean active() {
        return ACTIVE.contains(this);
    }

    /** Throws a 409 naming both states unless the move is allowed. */
    public void checkMove(String what, CampaignState next) {
        if (!canMoveTo(next)) {
            throw FlotillaException.illegalTransition(what, this, next);
        }
    }
}
