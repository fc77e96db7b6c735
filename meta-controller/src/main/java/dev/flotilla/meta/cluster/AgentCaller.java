package dev.flotilla.meta.cluster;

/** The agent behind an agent token: it speaks for exactly one cluster. */
public record AgentCaller(long clusterId, String cluster) {
}
