/**
 * The agent API ({@code /agent/v1}): registration with a one-time bootstrap token, cluster facts, the work
 * long poll (parked without a thread, woken by {@link dev.flotilla.meta.agentgateway.WorkSignals} and by a
 * sweep of other replicas' changes), coalesced heartbeats that drive READY / NOT_READY, and status reports
 * routed to the {@link dev.flotilla.meta.agentgateway.StatusReceiver} that owns each work item.
 */
package dev.flotilla.meta.agentgateway;
