package dev.flotilla.api.agent;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** A batch of status reports from one agent. */
public record StatusReports(@NotNull @Size(max = 1000) List<@Valid @NotNull StatusReport> reports) {
}
