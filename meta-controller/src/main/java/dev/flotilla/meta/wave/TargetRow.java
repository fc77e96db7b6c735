package dev.flotilla.meta.wave;

import java.time.Instant;

/**
 * A campaign target as stored.
 *
 * @param previous what the target ran before, as the campaign kind names it
 * @param observedJson the last observed workload counters as JSON, or null
 * @param resourcesJson the last reported standing of each resource of the target's bundle as JSON, or null
 */
public record TargetRow(long clusterId, String cluster, String region, String zone, int wave, TargetState state,
        boolean rollback, String previous, Integer batch, Integer batches, String observedJson, String message,
        Instant updatedAt, String resourcesJson) {
}
