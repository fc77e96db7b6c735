package dev.flotilla.meta.cluster;

import java.util.List;

/**
 * One page of clusters ordered by name.
 *
 * @param nextCursor pass as {@code cursor} to get the next page; null on the last page
 */
public record ClusterPage(List<Cluster> items, String nextCursor) {
}
