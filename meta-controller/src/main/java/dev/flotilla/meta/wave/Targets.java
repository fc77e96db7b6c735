package dev.flotilla.meta.wave;

import java.util.List;
import java.util.Map;

/**
 * A campaign's targets (one per cluster) as the engine pass and the operator controls move them
 * ({@link TargetStore}: one set-based statement per method, whatever the fleet size). A target's carrier is the
 * cluster whose agent carries its work: its own unless the campaign named another.
 */
interface Targets {

    /** A target just moved, by cluster id and name. */
    record Moved(long clusterId, String cluster) {
    }

    /** A pending target the engine may dispatch next: its carrier is READY, in plan order. */
    record Candidate(long clusterId, int position) {
    }

    /**
     * One page of candidates, with the position of the wave's first pending target after the page's start whatever
     * its carrier's state ({@link Integer#MAX_VALUE} when none is pending there): no target before it is pending,
     * and since no target ever returns to PENDING ({@link TargetState}) none will be.
     */
    record Candidates(List<Candidate> ready, int firstPending) {
    }

    /** A target re-dispatched to roll back, with what it ran before (null: nothing). */
    record RollingBack(long clusterId, String cluster, String previous) {
    }

    /** The campaign's targets counted by state, overall and in {@code currentWave}, with failure counts. */
    TargetCounts counts(long campaignId, int currentWave);

    /**
     * Skips the wave's pending targets whose cluster is cordoned or, with {@code notReadyToo}, whose carrier is not
     * READY.
     */
    List<Moved> skipUnavailable(long campaignId, int wave, boolean notReadyToo);

    /**
     * The wave's next pending targets after {@code afterPosition} whose carrier is READY, in plan order, and where
     * its pending targets begin after {@code afterPosition}.
     */
    Candidates candidates(long campaignId, int wave, int afterPosition, int limit);

    /** Moves these pending targets to DISPATCHED. */
    List<Moved> dispatch(long campaignId, List<Long> clusterIds);

    /** Notes why pending targets wait. */
    void noteWaiting(long campaignId, Map<Long, String> why);

    /** The clusters of targets dispatched and not finished, in cluster id order. */
    List<Long> inFlight(long campaignId);

    /** Re-dispatches every touched target (not already rolling back) to return it to what it ran before. */
    List<RollingBack> beginRollback(long campaignId, String message);

    /**
     * Queues every settled target (SUCCEEDED, FAILED) of a succeeded campaign for rollback (ROLLBACK_PENDING); the
     * engine returns them within maxConcurrency ({@link #dispatchRollback}). Answers how many.
     */
    int queueRollback(long campaignId, String message);

    /** Re-dispatches the next {@code limit} queued targets in plan order to return them to what they ran before. */
    List<RollingBack> dispatchRollback(long campaignId, int limit, String message);

    /** Marks these targets ROLLED_BACK. */
    List<Moved> rolledBack(long campaignId, List<Long> clusterIds, String message);

    /** Skips every pending target of the campaign; answers their clusters. */
    List<Long> skipPending(long campaignId, String message);

    /**
     * Applies what the kinds learned about targets; a state moves only where the target's state machine allows it.
     * Answers the targets whose state moved.
     */
    List<TargetChange> apply(List<TargetUpdate> updates);
}
