package dev.flotilla.meta.audit;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the portal API's writes behave ({@code flotilla.api.*}).
 *
 * @param requireIfMatch answer 428 to a PUT, PATCH or DELETE of an existing versioned resource (cluster,
 *     maintenance window, control plane, token; and a new application revision) that carries no {@code If-Match}
 * @param idempotencyTtl how long the first answer to an {@code Idempotency-Key} is kept and replayed
 * @param idempotencyWait how long a request waits for another in flight with the same key before it is answered
 *     409 with {@code Retry-After}
 * @param auditSummaryChars the most characters of a request the audit log keeps (method, path and the redacted
 *     body)
 */
@Validated
@ConfigurationProperties("flotilla.api")
public record ApiWriteProperties(
        @DefaultValue("false") boolean requireIfMatch,
        @NotNull @DefaultValue("24h") Duration idempotencyTtl,
        @NotNull @DefaultValue("2s") Duration idempotencyWait,
        @Min(256) @Max(65536) @DefaultValue("4096") int auditSummaryChars) {
}
