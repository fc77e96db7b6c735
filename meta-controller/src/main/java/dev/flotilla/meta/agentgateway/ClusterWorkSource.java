package dev.flotilla.meta.agentgateway;

import dev.flotilla.api.agent.WorkItem;
import java.util.List;

/**
 * Where the agent gateway finds what a cluster must run. Implemented by the features that create work
 * (rollouts, upgrades); the gateway merges every source's items into one answer.
 */
public interface ClusterWorkSource {

    /** The current work items of a cluster, in a stable order. */
    List<WorkItem> workFor(long clusterId);
}
