package dev.flotilla.meta.rollout;

import dev.flotilla.api.agent.Observed;
import dev.flotilla.meta.wave.TargetState;
import java.time.Instant;

/**
 * One cluster of a rollout.
 *
 * @param previousRevision the revision the cluster ran before the rollout; null when it ran none
 * @param rollback whether the target is being (or was) returned to its previous revision
 */
record RolloutTargetView(String cluster, String region, String zone, int wave, TargetState state, boolean rollback,
        Integer previousRevision, Integer batch, Integer batches, Observed observed, String message,
        Instant updatedAt) {
}
