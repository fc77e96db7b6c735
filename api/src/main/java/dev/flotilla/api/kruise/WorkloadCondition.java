package dev.flotilla.api.kruise;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A status condition of a Kruise workload; the union of the CloneSet, StatefulSet, UnitedDeployment and
 * BroadcastJob condition shapes, so one type reads them all.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record WorkloadCondition(
        String type,
        String status,
        String reason,
        String message,
        String lastTransitionTime,
        String lastUpdateTime,
        String lastProbeTime) {
}
