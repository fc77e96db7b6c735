package dev.flotilla.agent.reconcile;

import dev.flotilla.api.agent.Observed;
import dev.flotilla.api.agent.ResourceStatus;
import dev.flotilla.api.agent.WorkPhase;
import java.util.List;

/**
 * Where one work item stands after a reconcile step; reported when it differs from the last one. {@code resources}
 * is each resource's standing for a bundle item, null for a single-workload item.
 */
record Outcome(WorkPhase phase, int batch, int batches, Observed observed, String message,
        List<ResourceStatus> resources) {

    Outcome(WorkPhase phase, int batch, int batches, Observed observed, String message) {
        this(phase, batch, batches, observed, message, null);
    }

    Outcome with(List<ResourceStatus> statuses, String prefix) {
        return new Outcome(phase, batch, batches, observed, prefix == null ? message : prefix + message, statuses);
    }
}
