package dev.flotilla.meta.wave;

/** A cluster a campaign targets, with the topology the planner spreads waves over. */
public record WaveUnit(long clusterId, String name, String region, String zone) {
}
