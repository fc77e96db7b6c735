package dev.flotilla.api.kruise;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;

/**
 * The desired state of a BroadcastJob.
 *
 * @param parallelism int or percent of nodes running at once
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record BroadcastJobSpec(
        IntOrString parallelism,
        PodTemplateSpec template,
        CompletionPolicy completionPolicy,
        Boolean paused,
        FailurePolicy failurePolicy) {

    /** {@code Always} (the job ends) or {@code Never} (it keeps covering new nodes). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CompletionPolicy(String type, Long activeDeadlineSeconds, Integer ttlSecondsAfterFinished) {
    }

    /** {@code Continue}, {@code FailFast} or {@code Pause} once a pod has failed past its restart limit. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record FailurePolicy(String type, Integer restartLimit) {
    }
}
