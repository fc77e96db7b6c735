/**
 * The agent API ({@code /agent/v1}): registration with a one-time bootstrap token or a reusable registration token
 * ({@link dev.flotilla.meta.registration.SelfRegistration}), cluster facts, the work
 * long poll (parked without a thread, woken by {@link dev.flotilla.meta.agentgateway.WorkSignals} and by a
 * sweep of other replicas' changes), coalesced heartbeats that drive READY / NOT_READY, and status reports
 * routed to the {@link dev.flotilla.meta.agentgateway.WorkOwner} that owns each work item. It writes
 * {@code work_item} and {@code work_manifest}; the agent-facing columns of {@code cluster} (agent token, facts,
 * heartbeat and readiness, work generation) it changes through {@link dev.flotilla.meta.cluster.ClusterAgentRecords},
 * and agent tokens are resolved by {@link dev.flotilla.meta.cluster.AgentCredentials}.
 */
package dev.flotilla.meta.agentgateway;
