package dev.flotilla.api.kruise;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** The observed state of a SidecarSet over the pods it matches. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record SidecarSetStatus(
        Long observedGeneration,
        Integer matchedPods,
        Integer updatedPods,
        Integer readyPods,
        Integer updatedReadyPods,
        String latestRevision,
        Integer collisionCount) {
}
