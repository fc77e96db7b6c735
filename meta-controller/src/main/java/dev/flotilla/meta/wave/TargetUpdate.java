package dev.flotilla.meta.wave;

/**
 * What a campaign kind learned about one target from its agent.
 *
 * @param state the state the report implies; applied only if the target's state machine allows the move
 * @param observedJson the observed workload counters as JSON, or null to keep the last
 */
public record TargetUpdate(long campaignId, long clusterId, TargetState state, Integer batch, Integer batches,
        String observedJson, String message) {
}
