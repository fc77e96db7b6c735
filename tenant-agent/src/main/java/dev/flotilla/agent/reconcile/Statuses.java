package dev.flotilla.agent.reconcile;

import dev.flotilla.agent.backend.ObjectRef;
import dev.flotilla.api.agent.Observed;
import dev.flotilla.api.agent.ResourceStatus;
import dev.flotilla.api.agent.WorkPhase;
import java.util.List;

/** Each resource's standing in a bundle item's reports, kept in the item's state in apply order. */
final class Statuses {

    /** A report holds at most this many resources (the protocol's limit). */
    static final int MAX = 500;

    private Statuses() {
    }

    /** Starts the statuses of a generation: every resource PENDING, those of earlier generations forgotten. */
    static void start(ItemState state, long generation, Bundle bundle) {
        if (state.statusGeneration == generation) {
            return;
        }
        state.statuses.clear();
        state.deleting.clear();
        state.statusGeneration = generation;
        bundle.entries().forEach(e -> put(state, e.ref(), ResourceStatus.State.PENDING, null, null));
    }

    static void put(ItemState state, ObjectRef ref, ResourceStatus.State standing, String message,
            Observed observed) {
        state.statuses.put(ref.key(), new ResourceStatus(ref.apiVersion(), ref.kind(), ref.namespace(), ref.name(),
                standing, truncate(message), observed));
    }

    /** Keeps a resource's place in the list when its name changes (a cluster-scoped kind found served late). */
    static void moved(ItemState state, ObjectRef from, ObjectRef to) {
        if (from.key().equals(to.key())) {
            return;
        }
        java.util.Map<String, ResourceStatus> before = new java.util.LinkedHashMap<>(state.statuses);
        state.statuses.clear();
        before.forEach((key, status) -> {
            if (key.equals(from.key())) {
                put(state, to, status.state(), status.message(), status.observed());
            } else {
                state.statuses.put(key, status);
            }
        });
    }

    /** A workload's standing from its driver's outcome. */
    static ResourceStatus.State of(WorkPhase phase, int batch) {
        return switch (phase) {
            case SUCCEEDED -> ResourceStatus.State.READY;
            case FAILED -> ResourceStatus.State.FAILED;
            case APPLYING -> ResourceStatus.State.APPLIED;
            case BATCH_IN_PROGRESS, BATCH_COMPLETE, PAUSED -> batch == 0 ? ResourceStatus.State.APPLIED
                    : ResourceStatus.State.IN_PROGRESS;
        };
    }

    static List<ResourceStatus> snapshot(ItemState state) {
        return state.statuses.values().stream().limit(MAX).toList();
    }

    private static String truncate(String message) {
        return message == null || message.length() <= 1000 ? message : message.substring(0, 997) + "...";
    }
}
