package dev.flotilla.sim.backend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Which pods a Kruise controller removes when scaling down, and whether it may update one more pod now. */
final class PodChoice {

    private PodChoice() {
    }

    /**
     * Advanced StatefulSet removes the highest ordinals. CloneSet ({@code choosePodsToDelete} in
     * {@code pkg/controller/cloneset/sync/cloneset_scale.go}) first removes old-revision pods beyond the partition,
     * then updated pods, each group unavailable pods first, then the newest.
     */
    static void scaleDown(ReplicaSpec spec, List<SimPod> pods, int surplus, long t) {
        if (spec.highestOrdinalFirst()) {
            pods.sort(Comparator.comparingInt((SimPod p) -> -p.ordinal));
            pods.subList(0, surplus).clear();
            return;
        }
        Comparator<SimPod> deleteFirst = Comparator.comparing((SimPod p) -> p.available(t))
                .thenComparingInt(p -> -p.ordinal);
        List<SimPod> old = new ArrayList<>(pods.stream().filter(p -> !p.revision.equals(spec.revision()))
                .sorted(deleteFirst).toList());
        List<SimPod> updated = new ArrayList<>(pods.stream().filter(p -> p.revision.equals(spec.revision()))
                .sorted(deleteFirst).toList());
        int oldToDelete = Math.min(surplus, Math.max(0, old.size() - Math.min(spec.partition(), spec.replicas())));
        old.subList(0, Math.min(oldToDelete, old.size())).forEach(pods::remove);
        updated.subList(0, Math.min(surplus - oldToDelete, updated.size())).forEach(pods::remove);
    }

    /**
     * {@code limitUpdateIndexes} ({@code pkg/controller/cloneset/sync/cloneset_update.go}): the unavailable pods of
     * the new revision, those being updated included, stay below maxUnavailable, and updating an available pod needs
     * the unavailable pods of every revision below it; the first pod that does not fit stops the round. Surge pods
     * widen the budget by the pods above replicas. An Advanced StatefulSet applies the second rule only.
     */
    static boolean withinBudget(ReplicaSpec spec, List<SimPod> pods, SimPod pod, long t) {
        int budget = spec.maxUnavailable() + Math.max(0, pods.size() - spec.replicas());
        int unavailable = (int) pods.stream().filter(p -> !p.available(t)).count();
        int updatingOrNewUnavailable = (int) pods.stream()
                .filter(p -> p.revision.equals(spec.revision()) && !p.available(t)).count();
        if (!spec.highestOrdinalFirst() && updatingOrNewUnavailable >= budget) {
            return false;
        }
        return !pod.available(t) || unavailable < budget;
    }
}
