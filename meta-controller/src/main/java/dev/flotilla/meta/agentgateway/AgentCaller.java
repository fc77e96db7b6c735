package dev.flotilla.meta.agentgateway;

/** The agent behind an agent token: it speaks for exactly one cluster. */
public record AgentCaller(long clusterId, String cluster) {
}
