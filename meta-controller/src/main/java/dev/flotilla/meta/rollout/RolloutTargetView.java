package dev.flotilla.meta.rollout;

import dev.flotilla.api.agent.Observed;
import dev.flotilla.api.agent.ResourceStatus;
import dev.flotilla.meta.wave.TargetState;
import java.time.Instant;
import java.util.List;

/**
 * One cluster of a rollout.
 *
 * @param previousRevision the revision the cluster ran before the rollout; null when it ran none
 * @param rollback whether the target is being (or was) returned to its previous revision
 * @param resources the standing of each resource of the cluster's bundle as its agent last reported it (apply
 *                  result, and for workloads the batch and Kruise counters); null before any such report
 */
record RolloutTargetView(String cluster, String region, String zone, int wave, TargetState state, boolean rollback,
        Integer previousRevision, Integer batch, Integer batches, Observed observed, List<ResourceStatus> resources,
        String message, Instant updatedAt) {
}
