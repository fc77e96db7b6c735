package dev.flotilla.api.kruise;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The observed state of a CloneSet; {@code expectedUpdatedReplicas} is spec.replicas minus the absolute partition. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CloneSetStatus(
        Long observedGeneration,
        Integer replicas,
        Integer readyReplicas,
        Integer availableReplicas,
        Integer updatedReplicas,
        Integer updatedReadyReplicas,
        Integer updatedAvailableReplicas,
        Integer expectedUpdatedReplicas,
        String updateRevision,
        String currentRevision,
        Integer collisionCount,
        String labelSelector,
        List<WorkloadCondition> conditions) {
}
