package dev.flotilla.meta.notify;

import java.time.Instant;
import java.util.List;

/** A webhook as the API shows it: everything but its secret. */
public record WebhookView(long id, String name, String url, String format, List<String> events, List<String> kinds,
        List<String> subjects, List<String> tenants, boolean enabled, String ownerTenant, String createdBy,
        Instant createdAt, Instant updatedAt) {
}
