package dev.flotilla.agent.backend;

/** Whether a kind's objects live in a namespace, as the cluster serves the kind. */
public enum Scope {
    NAMESPACED,
    CLUSTER,
    /** The cluster serves no such kind at that version (a CRD not installed, a removed API). */
    UNKNOWN
}
