package dev.flotilla.meta.notify;

import java.time.Instant;
import java.util.UUID;

/**
 * A delivery claimed for one attempt: the event, where it goes and how, and the claim that fences the result.
 *
 * @param attempt this attempt's number, 1 for the first
 */
record Delivery(long id, UUID claim, int attempt, long webhookId, String hookName, String url, String secret,
        String format, long campaignId, long seq, String kind, String subject, String tenant, String type,
        String message, Instant at) {

    /** The event's id, alike for every hook and attempt: {@code <campaign>-<seq>}. */
    String eventId() {
        return campaignId + "-" + seq;
    }
}
