package dev.flotilla.meta.ratelimit;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code flotilla.rate-limits.*}: request budgets per caller, kept in memory on each replica (so with N replicas
 * behind a load balancer a caller may get up to N times the budget).
 *
 * @param enabled whether requests are limited at all
 * @param portal the budget of each API token or OIDC subject on the portal API ({@code /api/**})
 * @param agent the budget of each agent (one cluster) on the agent API ({@code /agent/**}), separate from the
 *     portal's, so neither side can starve the other
 * @param maxCallers buckets kept at most per API; idle (full) buckets are dropped first
 */
@Validated
@ConfigurationProperties("flotilla.rate-limits")
public record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        @Valid @NotNull @DefaultValue Portal portal,
        @Valid @NotNull @DefaultValue Agent agent,
        @Min(100) @DefaultValue("100000") int maxCallers) {

    /**
     * @param requestsPerSecond the sustained rate per API token or OIDC subject
     * @param burst how many requests may come at once after a quiet spell
     */
    public record Portal(@DecimalMin("0.01") @DefaultValue("200") double requestsPerSecond,
            @Min(1) @DefaultValue("2000") int burst) {
    }

    /**
     * @param requestsPerSecond the sustained rate per agent: a poll every few seconds and batched reports need far
     *     less, but a host cluster carrying many hosted control planes reports on each of their components
     * @param burst how many requests may come at once, e.g. a reconnect catching up
     */
    public record Agent(@DecimalMin("0.01") @DefaultValue("100") double requestsPerSecond,
            @Min(1) @DefaultValue("1000") int burst) {
    }
}
