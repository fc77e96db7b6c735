package dev.flotilla.agent.backend;

/** What applying a manifest to the cluster came to. */
public sealed interface ApplyResult {

    /** The cluster took the manifest; {@code workload} is the object it answered with. */
    record Applied(Workload workload) implements ApplyResult {
    }

    /** Someone else changed the object in between; re-read and apply again. */
    record Conflict(String message) implements ApplyResult {
    }

    /** The API server (or a webhook) refused the manifest; applying it again will not help. */
    record Rejected(String message) implements ApplyResult {
    }
}
