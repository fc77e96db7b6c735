/**
 * Notifications: webhooks subscribed to campaign events, fed by a PostgreSQL outbox written in the event's own
 * transaction and delivered at least once, in order per hook, signed with HMAC-SHA256, by every replica at once.
 */
package dev.flotilla.meta.notify;
