package dev.flotilla.api.agent;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A cluster's work as of a generation: the agent converges on every item and polls again with this generation.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WorkResponse(long generation, List<WorkItem> items) {

    public WorkResponse {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
