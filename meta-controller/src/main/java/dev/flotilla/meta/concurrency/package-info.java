/**
 * Optimistic concurrency: clusters, applications, tokens, maintenance windows and control planes answer an
 * {@code ETag} (their row version), and a write with a stale {@code If-Match} is refused 412 under the row's lock.
 */
package dev.flotilla.meta.concurrency;
