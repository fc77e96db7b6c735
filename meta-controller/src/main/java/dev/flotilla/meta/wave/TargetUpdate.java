package dev.flotilla.meta.wave;

/**
 * What a campaign kind learned about one target from its agent.
 *
 * @param state the state the report implies; applied only if the target's state machine allows the move
 * @param observedJson the observed workload counters as JSON, or null to keep the last
 * @param resourcesJson the standing of each resource of the target's bundle as JSON, or null to keep the last
 */
public record TargetUpdate(long campaignId, long clusterId, TargetState state, Integer batch, Integer batches,
        String observedJson, String message, String resourcesJson) {

    /** An update that leaves the per-resource standing as it was. */
    public TargetUpdate(long campaignId, long clusterId, TargetState state, Integer batch, Integer batches,
            String observedJson, String message) {
        this(campaignId, clusterId, state, batch, batches, observedJson, message, null);
    }
}
