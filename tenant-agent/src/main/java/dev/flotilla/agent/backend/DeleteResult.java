package dev.flotilla.agent.backend;

/** What asking the cluster to delete an object came to. */
public sealed interface DeleteResult {

    /** The deletion is under way, or the object was not there; reading it again tells when it is gone. */
    record Requested() implements DeleteResult {
    }

    /** The API server refused to delete it (forbidden, a webhook); asking again will not help. */
    record Refused(String message) implements DeleteResult {
    }
}
