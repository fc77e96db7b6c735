package dev.flotilla.api.kruise;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The observed state of an Advanced StatefulSet. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record AdvancedStatefulSetStatus(
        Long observedGeneration,
        Integer replicas,
        Integer readyReplicas,
        Integer availableReplicas,
        Integer currentReplicas,
        Integer updatedReplicas,
        Integer updatedReadyReplicas,
        Integer updatedAvailableReplicas,
        String currentRevision,
        String updateRevision,
        Integer collisionCount,
        String labelSelector,
        List<WorkloadCondition> conditions) {
}
