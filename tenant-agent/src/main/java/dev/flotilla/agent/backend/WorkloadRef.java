package dev.flotilla.agent.backend;

import dev.flotilla.api.agent.WorkItem;
import dev.flotilla.api.agent.WorkloadKind;

/** Names one Kruise workload in a cluster; {@code namespace} is null for the cluster-scoped SidecarSet. */
public record WorkloadRef(WorkloadKind kind, String apiVersion, String namespace, String name) {

    /** The workload a work item drives; the manifest's apiVersion wins over the kind's default. */
    public static WorkloadRef of(WorkItem item) {
        Object apiVersion = item.manifest() == null ? null : item.manifest().get("apiVersion");
        String version = apiVersion == null ? item.kind().apiVersion() : apiVersion.toString();
        String namespace = item.kind().namespaced() ? item.namespace() : null;
        return new WorkloadRef(item.kind(), version, namespace, item.name());
    }

    @Override
    public String toString() {
        return kind + " " + (namespace == null ? "" : namespace + "/") + name;
    }
}
