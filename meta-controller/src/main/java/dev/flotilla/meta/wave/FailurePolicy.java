package dev.flotilla.meta.wave;

/** What a campaign does once its failure budget is spent. */
public enum FailurePolicy {
    /** Stop: nothing new starts, in-flight targets stop at their next batch boundary. */
    PAUSE,
    /** Return every touched target to what it ran before. */
    ROLLBACK
}
