package dev.flotilla.meta.wave;

/** A target whose state a report moved. */
public record TargetChange(long campaignId, long clusterId, String cluster, TargetState from, TargetState to) {
}
