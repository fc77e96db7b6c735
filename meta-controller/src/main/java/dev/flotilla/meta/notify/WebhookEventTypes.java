package dev.flotilla.meta.notify;

import java.util.List;

/**
 * The campaign events a webhook may subscribe to: the campaign-wide ones of the wave engine's history (a target's
 * own events are too many to notify). The outbox trigger of {@code V14__create_webhooks.sql} names the same list.
 */
public final class WebhookEventTypes {

    /** In the order a campaign meets them; a hook without an event filter gets them all. */
    public static final List<String> ALL = List.of("CREATED", "WAVE_STARTED", "WAVE_COMPLETED", "SOAK_STARTED",
            "WAITING_APPROVAL", "RUNNING", "PAUSED", "ABORTED", "ROLLING_BACK", "ROLLED_BACK", "SUCCEEDED", "FAILED",
            "BUDGET_SPENT", "ANALYSIS_PASSED", "ANALYSIS_FAILED", "ANALYSIS_INCONCLUSIVE");

    private WebhookEventTypes() {
    }
}
