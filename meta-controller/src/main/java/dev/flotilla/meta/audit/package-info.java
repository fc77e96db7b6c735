/**
 * The audit log: every mutating portal call runs in one transaction with its audit record ({@link
 * dev.flotilla.meta.audit.ApiWriteFilter}), which also holds the optimistic-concurrency check and the idempotent
 * answer; {@code GET /api/v1/audit} reads the log.
 */
package dev.flotilla.meta.audit;
