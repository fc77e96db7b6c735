package dev.flotilla.api.agent;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * (protocol 1.2) The standing of one resource of a bundle item in the tenant cluster.
 *
 * @param namespace null for a cluster-scoped object
 * @param message the API server's answer when it refused the object, or what the agent is waiting for
 * @param observed for a Kruise workload, its counters as last seen
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResourceStatus(
        @NotBlank @Size(max = 253) String apiVersion,
        @NotBlank @Size(max = 63) String kind,
        @Size(max = 63) String namespace,
        @NotBlank @Size(max = 253) String name,
        @NotNull State state,
        @Size(max = 1000) String message,
        @Valid Observed observed) {

    /** Where one resource stands. */
    public enum State {
        /** Not applied yet (it waits for the resources before it). */
        PENDING,
        /** Applied at this revision; a workload's batches have not started yet. */
        APPLIED,
        /** A workload being stepped batch by batch. */
        IN_PROGRESS,
        /** Applied, and for a workload converged at this revision. */
        READY,
        /** The API server refused it (the message says why), or the workload failed. */
        FAILED,
        /** Deleted because the new revision no longer holds it. */
        PRUNED,
        /** Deleted by an uninstall. */
        REMOVED
    }
}
