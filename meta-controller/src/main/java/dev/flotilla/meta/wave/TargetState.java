package dev.flotilla.meta.wave;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Where one target (a cluster) of a campaign stands; the allowed transitions are all listed here. */
public enum TargetState {
    PENDING, DISPATCHED, IN_PROGRESS, SUCCEEDED, FAILED, ROLLED_BACK, SKIPPED,
    /** In flight when its campaign was aborted: stopped where it was, for good (but for a rollback). */
    ABORTED,
    /** Of a campaign rolled back after it succeeded: waits for room under maxConcurrency to be returned. */
    ROLLBACK_PENDING;

    private static final Map<TargetState, Set<TargetState>> NEXT = Map.of(
            PENDING, EnumSet.of(DISPATCHED, SKIPPED),
            // DISPATCHED again: the target is re-dispatched to roll back
            DISPATCHED, EnumSet.of(IN_PROGRESS, SUCCEEDED, FAILED, DISPATCHED, ROLLED_BACK, ABORTED),
            IN_PROGRESS, EnumSet.of(SUCCEEDED, FAILED, DISPATCHED, ROLLED_BACK, ABORTED),
            // FAILED after SUCCEEDED: the cluster's own metrics failed its wave's analysis once it had converged
            SUCCEEDED, EnumSet.of(DISPATCHED, ROLLED_BACK, FAILED, ROLLBACK_PENDING),
            FAILED, EnumSet.of(DISPATCHED, ROLLED_BACK, ROLLBACK_PENDING),
            // an aborted campaign may still be rolled back: its aborted targets are returned too
            ABORTED, EnumSet.of(DISPATCHED, ROLLED_BACK),
            ROLLBACK_PENDING, EnumSet.of(DISPATCHED, ROLLED_BACK),
            ROLLED_BACK, EnumSet.noneOf(TargetState.class),
            SKIPPED, EnumSet.noneOf(TargetState.class));

    /** Dispatched and not finished: counts against maxConcurrency. */
    public static final Set<TargetState> IN_FLIGHT = EnumSet.of(DISPATCHED, IN_PROGRESS);

    /** States a rollback returns: the work reached the cluster. */
    public static final Set<TargetState> TOUCHED = EnumSet.of(DISPATCHED, IN_PROGRESS, SUCCEEDED, FAILED, ABORTED);

    public boolean canMoveTo(TargetState next) {
        return NEXT.get(this).contains(next);
    }

    /** The states a target may be in to move to this one (used to guard set-based updates). */
    public List<TargetState> allowedFrom() {
        return EnumSet.allOf(TargetState.class).stream().filter(s -> s == this || s.canMoveTo(this)).toList();
    }

    public boolean inFlight() {
        return IN_FLIGHT.contains(this);
    }
}
