package dev.flotilla.agent.backend;

/** What a merge patch of a workload's spec came to. */
public sealed interface PatchResult {

    record Patched() implements PatchResult {
    }

    record Missing() implements PatchResult {
    }

    record Rejected(String message) implements PatchResult {
    }
}
