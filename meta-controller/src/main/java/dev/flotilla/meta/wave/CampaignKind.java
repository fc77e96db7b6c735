package dev.flotilla.meta.wave;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A campaign kind plugged into the wave engine (rollouts, upgrades). The engine owns planning, waves, concurrency,
 * soak, approvals, the failure budget and the controls; a kind supplies only what differs: how its targets are chosen
 * (before {@link Campaigns#create}), what its work item carries ({@link #dispatch}, through the agent gateway's
 * {@code WorkItems}), and what a finished target means (its gateway {@code WorkOwner} callback turns reports into
 * {@link TargetUpdate}s). The engine calls it inside its own transaction, so a target's state change and its work
 * change commit together (or not at all).
 * <p>
 * A target is keyed by (campaign, cluster); its work may be carried by another cluster's agent (a tenant's
 * control plane runs on its host): the campaign names that carrier per target when it is created
 * ({@link Campaigns#create}), and the engine then waits
 * for, or skips by, the carrier's readiness instead of the target's.
 */
public interface CampaignKind {

    /** The campaign kind, e.g. {@code ROLLOUT}. */
    String kind();

    /** What the API calls a campaign of this kind in messages, e.g. {@code rollout}, {@code upgrade campaign}. */
    default String noun() {
        return kind().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The kind's own facts about these campaigns, for readers of {@code /api/v1/campaigns} (a rollout's application
     * and revision, an upgrade's target version): one query for a whole page.
     */
    Map<Long, Map<String, Object>> details(Collection<Long> campaignIds);

    /**
     * Puts the campaign's work on these clusters (they just moved PENDING to DISPATCHED). Answers the clusters
     * whose work cannot be made (e.g. a rollout's override that does not apply to the cluster), with why: they
     * FAIL at once and count against the failure budget like any failure.
     */
    Map<Long, String> dispatch(long campaignId, List<Long> clusterIds);

    /** Asks these in-flight clusters to stop at their next batch boundary, or to go on. */
    void setPaused(long campaignId, List<Long> clusterIds, boolean paused);

    /**
     * What a rollback did with its clusters besides re-dispatching them.
     *
     * @param done clusters with nothing of the campaign left to return: they count as rolled back at once
     * @param failed clusters whose previous work cannot be made, with why: their rollback FAILS at once
     */
    record Returned(List<Long> done, Map<Long, String> failed) {
    }

    /**
     * Returns these touched clusters to what they ran before ({@code previous}, as the campaign recorded it per
     * cluster; absent when it ran nothing).
     */
    Returned rollback(long campaignId, List<Long> clusterIds, Map<Long, String> previous);

    /**
     * Which of these pending targets may not start now, with why (e.g. outside the cluster's maintenance window,
     * or the window closes before the first step could finish). They stay PENDING, the engine dispatches others
     * in their place within maxConcurrency and asks again on a later tick. None by default.
     */
    default Map<Long, String> notYet(long campaignId, List<Long> clusterIds, Instant now) {
        return Map.of();
    }

    /**
     * Called on every pass over a running campaign, under its lock, after dispatching: lets work that advances in
     * stages move on (an upgrade's next step, one held for its maintenance window). Answers what that changed for
     * the targets; the engine applies it. Nothing by default.
     */
    default List<TargetUpdate> progress(long campaignId, Instant now) {
        return List.of();
    }

    /** These pending targets were skipped (cordoned, unreachable, the campaign aborted): they never get work. */
    default void skipped(long campaignId, List<Long> clusterIds) {
    }

    /**
     * The campaign was aborted: these in-flight targets stop for good (the engine then marks them ABORTED). By
     * default they are paused where they are.
     */
    default void abort(long campaignId, List<Long> clusterIds) {
        setPaused(campaignId, clusterIds, true);
    }

    /** Why this kind of work can never be rolled back, if it cannot; a rollback control is then refused (409). */
    default Optional<String> rollbackRefusal() {
        return Optional.empty();
    }
}
