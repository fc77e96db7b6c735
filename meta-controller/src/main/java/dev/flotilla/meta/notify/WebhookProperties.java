package dev.flotilla.meta.notify;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How webhooks are delivered ({@code flotilla.webhooks.*}).
 *
 * @param pollInterval how often each replica looks for due deliveries when it has nothing in flight
 * @param concurrency deliveries in flight per replica at most (so at most as many open connections)
 * @param connectTimeout the TCP (and TLS) connect timeout of one attempt
 * @param readTimeout how long one attempt waits for the receiver's answer once connected
 * @param maxAttempts attempts per delivery; after the last one fails it is marked FAILED and the hook's later
 *     events go on
 * @param initialBackoff the wait after the first failed attempt; each further failure doubles it
 * @param maxBackoff the longest wait between two attempts
 * @param shutdownGrace how long a stopping replica lets its in-flight deliveries finish before it interrupts them
 *     and hands them back (they are sent again: at least once)
 * @param retention delivered and failed deliveries older than this leave the delivery log
 */
@Validated
@ConfigurationProperties("flotilla.webhooks")
public record WebhookProperties(
        @NotNull @DefaultValue("1s") Duration pollInterval,
        @Min(1) @Max(256) @DefaultValue("8") int concurrency,
        @NotNull @DefaultValue("5s") Duration connectTimeout,
        @NotNull @DefaultValue("10s") Duration readTimeout,
        @Min(1) @Max(100) @DefaultValue("10") int maxAttempts,
        @NotNull @DefaultValue("2s") Duration initialBackoff,
        @NotNull @DefaultValue("10m") Duration maxBackoff,
        @NotNull @DefaultValue("5s") Duration shutdownGrace,
        @NotNull @DefaultValue("7d") Duration retention) {

    /** How long a claimed delivery is its sender's: longer than any attempt can take. */
    Duration lease() {
        return connectTimeout.plus(readTimeout).plusSeconds(15);
    }

    Backoff backoff() {
        return new Backoff(initialBackoff, maxBackoff);
    }
}
