package dev.flotilla.meta.agentgateway;

import java.util.Collection;

/**
 * The campaign targets work items serve, as the wave engine keeps them. Before the gateway touches work rows for a
 * report it locks the targets the report may move, in the order the engine takes them (targets, then work), so a
 * report and an engine pass never wait on each other in a cycle.
 */
public interface WorkTargets {

    /** Locks the (campaign, cluster) targets of these items, in one global order. */
    void lock(Collection<ItemRef> items);
}
