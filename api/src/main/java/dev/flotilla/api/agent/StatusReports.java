package dev.flotilla.api.agent;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** A batch of status reports from one agent. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StatusReports(@NotNull @Size(max = 1000) List<@Valid @NotNull StatusReport> reports) {
}
