package dev.flotilla.meta.notify;

import dev.flotilla.meta.cluster.ClusterSyntax;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A webhook to create ({@code POST /api/v1/webhooks}) or the whole of one to replace ({@code PUT .../{id}}). The
 * URL, secret and filters are checked by {@link WebhookService}, which names the field and never echoes the secret.
 *
 * @param url where events are POSTed: an absolute {@code http} or {@code https} URL
 * @param secret the HMAC key the receiver verifies with, 16 to 256 characters; required on create, kept when a
 *     replacement leaves it out; never answered
 * @param format {@code flotilla} (the event as JSON, the default) or {@code slack} ({@code {"text": ...}})
 * @param events the event types to send ({@link WebhookEventTypes#ALL}); absent or empty: all of them
 * @param kinds campaign kinds ({@code ROLLOUT}, {@code UPGRADE}); absent or empty: all
 * @param subjects campaign subjects (a rollout's application); absent or empty: all
 * @param tenants campaign tenants; absent or empty: all (a tenant-scoped admin's hooks see only its tenant)
 * @param enabled false stops new events being queued for it and pauses its pending deliveries; true when absent
 */
record WebhookRequest(
        @NotNull @Pattern(regexp = ClusterSyntax.DNS_LABEL, message = ClusterSyntax.DNS_LABEL_MESSAGE) String name,
        @NotNull String url,
        String secret,
        String format,
        @Size(max = 32, message = "must hold at most 32 event types") List<String> events,
        @Size(max = 16, message = "must hold at most 16 kinds") List<String> kinds,
        @Size(max = 100, message = "must hold at most 100 subjects") List<String> subjects,
        @Size(max = 100, message = "must hold at most 100 tenants") List<String> tenants,
        Boolean enabled) {

    WebhookRequest {
        events = events == null ? List.of() : events;
        kinds = kinds == null ? List.of() : kinds;
        subjects = subjects == null ? List.of() : subjects;
        tenants = tenants == null ? List.of() : tenants;
        format = format == null ? "flotilla" : format;
        enabled = enabled == null || enabled;
    }
}
