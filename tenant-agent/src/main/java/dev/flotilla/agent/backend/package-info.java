/** The seam to a tenant cluster: one {@link dev.flotilla.agent.backend.ClusterBackend} and per-kind field adapters. */
package dev.flotilla.agent.backend;
