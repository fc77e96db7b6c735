package dev.flotilla.api.agent;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
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
 * @param resources (protocol 1.2) the application's whole bundle as rendered for this cluster, in apply order: the
 *                  other resources first (Namespaces and CRDs, then ServiceAccounts, RBAC, ConfigMaps and Secrets,
 *                  then Services and the rest), then the Kruise workloads in manifest order, which the agent drives
 *                  batch by batch one after the other. Null for a single-workload item ({@code manifest} alone).
 *                  In a bundle item {@code kind}, {@code name} and {@code manifest} repeat the bundle's first Kruise
 *                  workload (null when it has none). Once every workload of the bundle has converged, the agent
 *                  prunes the objects it applied for {@code application} earlier that {@code resources} no longer
 *                  holds.
 * @param uninstall (protocol 1.2) remove everything the agent applied for {@code application} in this cluster:
 *                  workloads first, then the other resources in reverse apply order, Namespaces only if the agent
 *                  created them; {@code resources} is empty and the item SUCCEEDS once all of it is gone
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
        long generation,
        List<Map<String, Object>> resources,
        boolean uninstall) {

    /** A single-workload item, as protocol 1.1 knew it. */
    public WorkItem(String workId, String application, WorkloadKind kind, String namespace, String name,
            int revision, Map<String, Object> manifest, ClusterStrategy strategy, boolean paused, boolean rollback,
            long generation) {
        this(workId, application, kind, namespace, name, revision, manifest, strategy, paused, rollback, generation,
                null, false);
    }

    /** Whether the item carries a bundle of resources (or removes one) rather than a single workload. */
    public boolean bundle() {
        return resources != null || uninstall;
    }
}
