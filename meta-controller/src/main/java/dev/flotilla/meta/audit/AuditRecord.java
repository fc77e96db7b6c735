package dev.flotilla.meta.audit;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * One audit record as {@code GET /api/v1/audit} serves it.
 *
 * @param actor who acted: the API token's name, or {@code oidc:<subject>}
 * @param actorName the person or system behind it as a human reads it
 * @param tenant the tenant of the resource, when known
 * @param action what was done, e.g. {@code cluster.create}, {@code rollout.pause}
 * @param request method, path, query and the body with secrets redacted, capped in size
 * @param status the HTTP status answered
 * @param problemType the problem type of a refused or failed call
 * @param replayed the answer was the stored first answer of an {@code Idempotency-Key}
 */
public record AuditRecord(long id, Instant at, String actor, String actorName, String tenant, String action,
        String resourceType, String resourceId, JsonNode request, int status, String problemType, boolean replayed) {
}
