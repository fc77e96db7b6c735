package dev.flotilla.meta.wave;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The unit of work a campaign kind puts on each target. The wave engine calls it inside its own transaction, so a
 * target's state change and its work change commit together (or not at all). Implementations bump the work
 * generation of the clusters that carry the work and signal their agents after commit.
 * <p>
 * A target is keyed by (campaign, cluster); its work may be carried by another cluster's agent (a tenant's
 * control plane runs on its host): the campaign names that carrier per target when it is created
 * ({@link Campaigns#create(String, String, WavePlan, CampaignSettings, Map, Map, String)}), and the engine then waits
 * for, or skips by, the carrier's readiness instead of the target's.
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

    /**
     * Which of these pending targets may not start now, with why (e.g. outside the cluster's maintenance window,
     * or the window closes before the first step could finish). They stay PENDING, the engine dispatches others
     * in their place within maxConcurrency and asks again on a later tick. None by default.
     */
    default Map<Long, String> notYet(long campaignId, List<Long> clusterIds, Instant now) {
        return Map.of();
    }

    /**
     * Called on every pass over a running campaign, under its lock: lets work that advances on time (a step held
     * for its maintenance window) move on. Nothing by default.
     */
    default void progress(long campaignId, Instant now) {
    }

    /** These pending targets were skipped (cordoned, unreachable, the campaign aborted): they never get work. */
    default void skipped(long campaignId, List<Long> clusterIds) {
    }

    /** The campaign was aborted: these in-flight targets stop for good. By default they are paused where they are. */
    default void abort(long campaignId, List<Long> clusterIds) {
        setPaused(campaignId, clusterIds, true);
    }

    /** Why this kind of work can never be rolled back, if it cannot; a rollback control is then refused (409). */
    default Optional<String> rollbackRefusal() {
        return Optional.empty();
    }
}
