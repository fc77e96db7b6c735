package dev.flotilla.meta.cluster;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A tenant cluster as the portal sees it: what an admin declared (name, tenant, region, zone, labels),
 * what its agent reported (versions, nodes, zones, kubelet versions) and its state. Never a credential.
 *
 * @param nodes the node count the agent reported, null before the first report
 * @param zones the zones the agent found among the cluster's nodes
 */
public record Cluster(
        String name,
        String tenant,
        String region,
        String zone,
        Map<String, String> labels,
        ClusterState state,
        String kubernetesVersion,
        String kruiseVersion,
        String agentVersion,
        Integer nodes,
        List<String> zones,
        List<String> kubeletVersions,
        Instant registeredAt,
        Instant lastHeartbeat,
        Instant createdAt,
        Instant updatedAt) {
}
