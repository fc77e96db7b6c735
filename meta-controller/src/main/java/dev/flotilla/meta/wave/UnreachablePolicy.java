package dev.flotilla.meta.wave;

/** What happens to a target whose cluster is not READY when its turn comes. */
public enum UnreachablePolicy {
    /** Keep it pending; its wave completes only once it came back and finished. */
    WAIT,
    /** Mark it SKIPPED and go on. */
    SKIP
}
