package dev.flotilla.sim.backend;

import java.util.List;
import java.util.Map;

/**
 * What the replica controller of one pod group is asked for, already resolved to counts.
 *
 * @param inPlace whether the update policy allows in-place updates (InPlaceIfPossible / InPlaceOnly)
 * @param highestOrdinalFirst Advanced StatefulSet order: the top replicas - partition ordinals are updated
 * @param priority the update strategy's weight priority (heavier pods first); empty for none
 * @param minReadySeconds how long a ready pod waits before it counts as available
 * @param inPlaceOrNever SidecarSet: a pod whose change cannot be made in place is left as it is, never recreated
 */
record ReplicaSpec(
        String name,
        int replicas,
        int partition,
        boolean paused,
        boolean inPlace,
        int maxUnavailable,
        int maxSurge,
        String revision,
        Map<String, Object> template,
        boolean highestOrdinalFirst,
        List<PriorityTerm> priority,
        int minReadySeconds,
        boolean inPlaceOrNever) {

    ReplicaSpec {
        priority = priority == null ? List.of() : List.copyOf(priority);
    }

    long minReadyMillis() {
        return minReadySeconds * 1000L;
    }

    int expectedUpdated() {
        return Math.max(0, replicas - partition);
    }
}
