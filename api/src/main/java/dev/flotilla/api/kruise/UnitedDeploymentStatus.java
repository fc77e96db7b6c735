package dev.flotilla.api.kruise;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** The observed state of a UnitedDeployment, overall and per subset. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record UnitedDeploymentStatus(
        Long observedGeneration,
        Integer replicas,
        Integer readyReplicas,
        Integer updatedReplicas,
        Integer updatedReadyReplicas,
        String currentRevision,
        Integer collisionCount,
        Map<String, Integer> subsetReplicas,
        List<SubsetStatus> subsetStatuses,
        UpdateStatus updateStatus,
        String labelSelector,
        List<WorkloadCondition> conditions) {

    /** The revision being rolled out and the partition currently applied to each subset. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record UpdateStatus(String updatedRevision, Map<String, Integer> currentPartitions) {
    }

    /** The observed state of one subset. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SubsetStatus(
            String name,
            Integer replicas,
            Integer readyReplicas,
            Integer partition,
            Integer reserved,
            List<WorkloadCondition> conditions) {
    }
}
