package dev.flotilla.api.kruise;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** Tuning of in-place updates: how long a pod stays not-ready before its containers are patched. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record InPlaceUpdateStrategy(Integer gracePeriodSeconds) {
}
