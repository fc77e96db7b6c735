/**
 * The cluster inventory: clusters, labels and selectors, cordon, bootstrap tokens and the fleet summary; and a
 * cluster's agent identity ({@link dev.flotilla.meta.cluster.AgentCredentials}). The only package that writes the
 * {@code cluster} table: the agent gateway changes its agent-facing columns through
 * {@link dev.flotilla.meta.cluster.ClusterAgentRecords}, and self-registration inserts the clusters agents add
 * themselves through {@link dev.flotilla.meta.cluster.SelfRegisteredClusters}.
 */
package dev.flotilla.meta.cluster;
