package dev.flotilla.meta.cluster;

import java.util.Map;

/**
 * Counts of the clusters a caller sees, in total and by state, Kubernetes version ({@code unknown} before
 * the agent reports one), region and zone.
 */
public record FleetSummary(
        long clusters,
        Map<ClusterState, Long> byState,
        Map<String, Long> byKubernetesVersion,
        Map<String, Long> byRegion,
        Map<String, Long> byZone) {
}
