package dev.flotilla.meta.agentgateway;

import java.util.List;

/**
 * A campaign kind as the gateway sees it: it puts items on clusters' lists through {@link WorkItems} and receives
 * what the agents report about them through one callback, {@link #reported}. The gateway does the rest: the work
 * generation, waking polls, the (generation, seq) idempotency filter, ownership checks and routing.
 */
public interface WorkOwner {

    /** The campaign kind, e.g. {@code ROLLOUT}; stored with every item it puts. */
    String kind();

    /** The prefix of this kind's work ids, e.g. {@code rollout-}: a report under any other prefix is not its. */
    String workIdPrefix();

    /**
     * Whether a report on an item no longer on the carrier's list (replaced by a newer one) still came from the
     * cluster that carried it: such a late report is ignored; any other is refused (403) with its whole batch.
     */
    boolean carried(long carrierId, String workId);

    /**
     * The reports that passed the idempotency filter, in the gateway's transaction (shared with other agents'
     * reports): the kind records what they mean for its targets. Throwing refuses the whole request.
     */
    void reported(List<ItemReport> reports);
}
