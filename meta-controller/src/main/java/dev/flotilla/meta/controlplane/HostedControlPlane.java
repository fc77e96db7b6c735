package dev.flotilla.meta.controlplane;

import dev.flotilla.meta.versions.MinorVersion;

/**
 * Where a tenant cluster's control plane runs: its workloads live in {@code namespace} on {@code hostCluster}.
 *
 * @param cluster the tenant cluster the control plane serves
 * @param hostCluster the registered cluster running it, or null when that cluster was deleted
 * @param version the Kubernetes minor it was set up at
 */
public record HostedControlPlane(String cluster, String hostCluster, String namespace, MinorVersion version) {
}
