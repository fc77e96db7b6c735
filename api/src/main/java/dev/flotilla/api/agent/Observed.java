package dev.flotilla.api.agent;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.constraints.Size;

/** The Kruise status counters the agent last observed on the workload. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Observed(
        Integer replicas,
        Integer updatedReplicas,
        Integer updatedReadyReplicas,
        Integer readyReplicas,
        Long observedGeneration,
        @Size(max = 253) String updateRevision) {
}
