package dev.flotilla.api.kruise;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The observed state of a BroadcastJob: pod counts by outcome and its phase. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record BroadcastJobStatus(
        List<WorkloadCondition> conditions,
        String startTime,
        String completionTime,
        Integer active,
        Integer succeeded,
        Integer failed,
        Integer desired,
        String phase) {
}
