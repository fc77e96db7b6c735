package dev.flotilla.meta.agentgateway;

import java.util.Collection;

/**
 * Wakes the long polls of clusters whose work generation changed. {@link WorkItems} bumps
 * {@code cluster_work.generation} (and {@code changed_at}) in the caller's transaction and calls
 * {@link #afterCommit}; other replicas notice through the gateway's sweep of {@code cluster_work.changed_at}.
 */
interface WorkSignals {

    /** Wakes the clusters' waiting polls once the current transaction commits (at once if there is none). */
    void afterCommit(Collection<Long> clusterIds);
}
