package dev.flotilla.meta.token;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code flotilla.tokens.*}: the lifetime of portal API tokens. The admin bootstrap token never expires.
 *
 * @param defaultTtl how long a token lives when its request names no {@code expiresAt}, and how long a rotated
 *     token lives from its rotation
 * @param maxTtl the longest lifetime a request may ask for; an {@code expiresAt} beyond it is refused (400)
 * @param rotationGrace how long the previous secret of a rotated token keeps working
 * @param lastUsedInterval how stale a token's {@code lastUsedAt} may be: each replica notes a token's use at most
 *     once per interval and writes the notes in one batch statement per interval
 */
@Validated
@ConfigurationProperties("flotilla.tokens")
public record TokenProperties(
        @NotNull @DefaultValue("90d") Duration defaultTtl,
        @NotNull @DefaultValue("365d") Duration maxTtl,
        @NotNull @DefaultValue("1h") Duration rotationGrace,
        @NotNull @DefaultValue("1m") Duration lastUsedInterval) {
}
