package dev.flotilla.agent.backend;

/**
 * The status counters the completion rule needs, read the same way for every kind.
 *
 * @param revision the controller's update revision (SidecarSet: latestRevision; UnitedDeployment: updatedRevision)
 * @param failure the message of a failure condition the controller reported (FailedUpdate, ...), or null
 */
public record Progress(
        long generation,
        long observedGeneration,
        int replicas,
        int ready,
        int updated,
        int updatedReady,
        String revision,
        String failure) {
}
