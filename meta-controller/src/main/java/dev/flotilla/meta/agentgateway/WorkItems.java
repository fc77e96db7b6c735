package dev.flotilla.meta.agentgateway;

import dev.flotilla.meta.cluster.ClusterAgentRecords;
import java.util.Collection;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What campaign kinds call to change clusters' work lists, in their own transaction: every change bumps the
 * carriers' work generation in it and wakes their long polls after it commits (other replicas notice through the
 * sweep of {@code cluster_work.changed_at}).
 */
@Service
public class WorkItems {

    private final WorkItemStore store;
    private final ClusterAgentRecords clusters;
    private final WorkSignals signals;

    WorkItems(WorkItemStore store, ClusterAgentRecords clusters, WorkSignals signals) {
        this.store = store;
        this.clusters = clusters;
        this.signals = signals;
    }

    /** One item and the clusters it goes to, for {@link #putAll}. */
    public record Placed(WorkSpec spec, List<WorkPlacement> placements) {
    }

    /** Puts the item on each placement's carrier; it replaces the item holding the same slot there. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void put(WorkSpec spec, Collection<WorkPlacement> placements) {
        putAll(List.of(new Placed(spec, List.copyOf(placements))));
    }

    /**
     * Puts several items (each with its own manifest), all in one statement, and bumps every carrier they reach
     * once.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void putAll(Collection<Placed> items) {
        changed(store.putAll(items));
    }

    /** Asks the agents to stop the campaign's items on these clusters at their next batch boundary, or go on. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void setPaused(String kind, long campaignId, Collection<Long> clusterIds, boolean paused) {
        if (!clusterIds.isEmpty()) {
            changed(store.setPaused(kind, campaignId, clusterIds, paused));
        }
    }

    /** Which of these clusters still hold the campaign's item (no later campaign replaced it in its slot). */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<Long> held(String kind, long campaignId, Collection<Long> clusterIds) {
        return clusterIds.isEmpty() ? List.of() : store.held(kind, campaignId, clusterIds);
    }

    /** Which of these clusters' own lists hold any item in the slot (of whatever campaign). */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<Long> occupied(String slot, Collection<Long> clusterIds) {
        return clusterIds.isEmpty() ? List.of() : store.occupied(slot, clusterIds);
    }

    /** Takes the campaign's items on these clusters away (the agents remove the workloads); answers the clusters. */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<Long> remove(String kind, long campaignId, Collection<Long> clusterIds) {
        if (clusterIds.isEmpty()) {
            return List.of();
        }
        List<WorkPlacement> removed = store.remove(kind, campaignId, clusterIds);
        changed(removed.stream().map(WorkPlacement::carrierId).toList());
        return removed.stream().map(WorkPlacement::clusterId).distinct().toList();
    }

    private void changed(List<Long> carrierIds) {
        if (carrierIds.isEmpty()) {
            return;
        }
        clusters.bumpWorkGeneration(carrierIds);
        signals.afterCommit(carrierIds.stream().distinct().toList());
    }
}
