package dev.flotilla.api.agent;

/** The Kruise status counters the agent last observed on the workload. */
public record Observed(
        Integer replicas,
        Integer updatedReplicas,
        Integer updatedReadyReplicas,
        Integer readyReplicas,
        Long observedGeneration,
        String updateRevision) {
}
