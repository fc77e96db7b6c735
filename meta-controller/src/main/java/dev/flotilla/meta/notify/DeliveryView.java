package dev.flotilla.meta.notify;

import java.time.Instant;

/**
 * One entry of a hook's delivery log: an event and how its delivery went.
 *
 * @param eventId the event's id, as the {@code Flotilla-Event-Id} header carries it: {@code <campaign>-<seq>}
 * @param state PENDING (waiting or being sent), DELIVERED (a 2xx answer) or FAILED (attempts spent)
 * @param lastStatus the HTTP status of the last attempt, null when it got no answer
 * @param lastError why the last attempt failed, null when it succeeded
 * @param nextAttemptAt when a pending delivery is tried next
 */
public record DeliveryView(long id, String eventId, long campaign, long seq, String kind, String subject,
        String tenant, String type, Instant at, String state, int attempts, Integer lastStatus, String lastError,
        Instant lastAttemptAt, Instant nextAttemptAt, Instant deliveredAt, Instant createdAt) {
}
