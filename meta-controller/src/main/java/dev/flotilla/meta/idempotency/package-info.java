/**
 * {@code Idempotency-Key} on the portal API's POSTs: the first answer to a caller's key is stored (sealed) in the
 * transaction of the change and replayed to a retry with the same body for a day; a different body is 422.
 */
package dev.flotilla.meta.idempotency;
