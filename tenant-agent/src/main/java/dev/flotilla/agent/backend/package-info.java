/**
 * The seam to a tenant cluster: one {@link dev.flotilla.agent.backend.ClusterBackend} (Kruise workloads, and objects
 * of any kind for bundles) and per-kind field adapters.
 */
package dev.flotilla.agent.backend;
