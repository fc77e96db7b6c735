package dev.flotilla.agent.reconcile;

import dev.flotilla.agent.backend.Progress;

/**
 * The Kruise rule for a completed step (Kruise Rollout's checks): the controller observed the spec, the update
 * revision is the one recorded after the template change, and at least {@code expected} pods are updated and ready.
 */
public final class CompletionRule {

    private CompletionRule() {
    }

    /**
     * @param recordedRevision the update revision recorded once the controller observed the template; null skips
     * @param expected replicas minus partition, summed over the partition keys
     */
    public static boolean complete(Progress progress, String recordedRevision, int expected) {
        if (progress.generation() != progress.observedGeneration()) {
            return false;
        }
        if (recordedRevision != null && !recordedRevision.equals(progress.revision())) {
            return false;
        }
        if (expected <= 0) {
            return true;
        }
        return progress.updated() >= expected && progress.updatedReady() >= expected && progress.updatedReady() > 0;
    }

    /** Why a step is not complete, in words an operator can act on. */
    public static String waitingFor(Progress progress, String recordedRevision, int expected) {
        if (progress.generation() != progress.observedGeneration()) {
            return "controller has not observed generation " + progress.generation() + " (observed "
                    + progress.observedGeneration() + ")";
        }
        if (recordedRevision != null && !recordedRevision.equals(progress.revision())) {
            return "update revision is " + progress.revision() + ", expected " + recordedRevision;
        }
        String counts = progress.updated() + "/" + expected + " pods updated, " + progress.updatedReady() + "/"
                + expected + " updated pods ready";
        return progress.failure() == null ? counts : counts + "; " + progress.failure();
    }
}
