package dev.flotilla.api.agent;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * The agent's report on one work item. Idempotent: the meta-controller ignores a report whose
 * (generation, seq) is not newer than the last one it took for the item.
 *
 * @param generation the work item generation the agent was converging on
 * @param seq grows with every report the agent makes on the item
 * @param batch the 1-based batch in progress or last completed (0 before the first)
 * @param batches the number of batches
 * @param resources (protocol 1.2) for a bundle item, the standing of each of its resources (and of those being
 *                  pruned or removed); null for a single-workload item
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StatusReport(
        @NotBlank @Size(max = 200) String workId,
        @Min(0) long generation,
        @Min(0) long seq,
        @NotNull WorkPhase phase,
        @Min(0) Integer batch,
        @Min(0) Integer batches,
        @Valid Observed observed,
        @Size(max = 2000) String message,
        @Valid @Size(max = 500) List<@Valid ResourceStatus> resources) {

    /** A report on a single-workload item, as protocol 1.1 knew it. */
    public StatusReport(String workId, long generation, long seq, WorkPhase phase, Integer batch, Integer batches,
            Observed observed, String message) {
        this(workId, generation, seq, phase, batch, batches, observed, message, null);
    }
}
