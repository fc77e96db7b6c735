package dev.flotilla.api.agent;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;

/**
 * One workload a cluster must run, like a ManifestWork: the agent applies the manifest and steps it batch by batch.
 *
 * @param workId stable identity of this item across generations (one per rollout target or upgrade step)
 * @param application the application (or control-plane component) name
 * @param kind the Kruise workload kind
 * @param namespace the namespace of the workload in the tenant cluster (ignored for cluster-scoped SidecarSet)
 * @param name the workload's metadata.name
 * @param revision the application revision the manifest belongs to
 * @param manifest the full Kruise object to apply
 * @param strategy how to step the workload inside the cluster
 * @param paused stop at the next batch boundary (and set the workload's {@code paused})
 * @param rollback apply the manifest (the previous revision) in one batch
 * @param generation the item's generation; it grows whenever any of the above changes
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WorkItem(
        String workId,
        String application,
        WorkloadKind kind,
        String namespace,
        String name,
        int revision,
        Map<String, Object> manifest,
        ClusterStrategy strategy,
        boolean paused,
        boolean rollback,
        long generation) {
}
