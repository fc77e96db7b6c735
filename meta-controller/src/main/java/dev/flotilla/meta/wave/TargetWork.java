package dev.flotilla.meta.wave;

import java.util.List;

/**
 * The unit of work a campaign kind puts on each target cluster. The wave engine calls it inside its own
 * transaction, so a target's state change and its work change commit together (or not at all).
 * Implementations bump the clusters' work generation and signal the agents after commit.
 */
public interface TargetWork {

    /** The campaign kind this work belongs to, e.g. {@code ROLLOUT}. */
    String kind();

    /** Puts the campaign's work on these clusters (they just moved PENDING to DISPATCHED). */
    void dispatch(long campaignId, List<Long> clusterIds);

    /** Asks these in-flight clusters to stop at their next batch boundary, or to go on. */
    void setPaused(long campaignId, List<Long> clusterIds, boolean paused);

    /**
     * Returns these touched clusters to what they ran before. Answers the clusters that had nothing to return
     * to, whose work was removed instead: they count as rolled back at once.
     */
    List<Long> rollback(long campaignId, List<Long> clusterIds);
}
