package dev.flotilla.meta.cluster;

/**
 * What a cluster list is narrowed to; null members do not filter.
 *
 * @param after the name the page starts after (decoded from the cursor), or null for the first page
 */
public record ClusterFilter(
        String tenant,
        String region,
        String zone,
        ClusterState state,
        String kubernetesVersion,
        LabelSelector selector,
        String after,
        int limit) {
}
