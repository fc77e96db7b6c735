package dev.flotilla.meta.application;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.flotilla.api.agent.WorkloadKind;
import java.time.Instant;

/**
 * An application as the API shows it.
 *
 * @param latestRevision the highest revision number, 0 before the first
 */
public record Application(@JsonIgnore long id, String name, String tenant, String namespace, WorkloadKind kind,
        int latestRevision, Instant createdAt) {
}
