package dev.flotilla.agent.reconcile;

import dev.flotilla.api.agent.Observed;
import dev.flotilla.api.agent.WorkPhase;

/** Where one work item stands after a reconcile step; reported when it differs from the last one. */
record Outcome(WorkPhase phase, int batch, int batches, Observed observed, String message) {
}
