package dev.flotilla.meta.ratelimit;

import dev.flotilla.meta.cluster.AgentCaller;
import dev.flotilla.meta.token.ApiCaller;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The request budgets: one bucket per API token or OIDC subject on the portal API, one per agent on the agent
 * API, in two separate sets so a busy portal cannot use up what the agents need, nor the reverse. Unauthenticated
 * calls (the few open endpoints: registration, the sign-in configuration) are not counted.
 */
@Component
public class RateLimits {

    /** A refusal: which budget, for whom, and how long until the next request would pass. */
    public record Refusal(String api, String caller, double perSecond, int burst, Duration retryAfter) {
    }

    private final boolean enabled;
    private final KeyedRateLimiter portal;
    private final KeyedRateLimiter agent;
    private final Counter portalRefused;
    private final Counter agentRefused;

    RateLimits(RateLimitProperties properties, MeterRegistry meters) {
        this.enabled = properties.enabled();
        this.portal = new KeyedRateLimiter(properties.portal().requestsPerSecond(), properties.portal().burst(),
                properties.maxCallers(), System::nanoTime);
        this.agent = new KeyedRateLimiter(properties.agent().requestsPerSecond(), properties.agent().burst(),
                properties.maxCallers(), System::nanoTime);
        this.portalRefused = refused(meters, "portal");
        this.agentRefused = refused(meters, "agent");
    }

    private static Counter refused(MeterRegistry meters, String api) {
        return Counter.builder("flotilla.rate.limited").tag("api", api)
                .description("Requests answered 429 because the caller's budget was used up").register(meters);
    }

    /** Counts a request of this authenticated caller: empty when it may go on, otherwise why not. */
    public Optional<Refusal> check(Object principal) {
        if (!enabled) {
            return Optional.empty();
        }
        if (principal instanceof ApiCaller caller) {
            return check(portal, portalRefused, "portal", caller.tokenName());
        }
        if (principal instanceof AgentCaller caller) {
            return check(agent, agentRefused, "agent", "cluster " + caller.cluster());
        }
        return Optional.empty();
    }

    private static Optional<Refusal> check(KeyedRateLimiter limiter, Counter refused, String api, String key) {
        Duration wait = limiter.acquire(key);
        if (wait.isZero()) {
            return Optional.empty();
        }
        refused.increment();
        return Optional.of(new Refusal(api, key, limiter.perSecond(), limiter.burst(), wait));
    }
}
