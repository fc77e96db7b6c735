package dev.flotilla.meta.application;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One immutable revision of an application: its bundle of resources as posted and the overrides that adapt it per
 * cluster.
 *
 * @param manifest the bundle's first Kruise workload, as clients of single-workload revisions read it; null when the
 *                 bundle holds none
 */
public record Revision(String application, int revision, Instant createdAt, Map<String, Object> manifest,
        List<Map<String, Object>> resources, List<ClusterOverride> overrides) {
}
