package dev.flotilla.api.agent;

/** Where the agent stands on one work item. */
public enum WorkPhase {
    APPLYING, BATCH_IN_PROGRESS, BATCH_COMPLETE, PAUSED, SUCCEEDED, FAILED;

    public boolean terminal() {
        return this == SUCCEEDED || this == FAILED;
    }
}
