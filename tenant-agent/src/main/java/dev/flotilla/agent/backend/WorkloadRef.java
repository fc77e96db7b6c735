package dev.flotilla.agent.backend;

import dev.flotilla.api.agent.WorkItem;
import dev.flotilla.api.agent.WorkloadKind;
import dev.flotilla.api.kruise.ApiVersions;

/** Names one Kruise workload in a cluster; {@code namespace} is null for the cluster-scoped SidecarSet. */
public record WorkloadRef(WorkloadKind kind, String apiVersion, String namespace, String name) {

    /**
     * The workload a work item drives, always at the kind's storage version: whatever version the manifest was
     * written in is converted to it ({@link ApiVersions#toStorage}), and only it has every status field the agent
     * reads.
     */
    public static WorkloadRef of(WorkItem item) {
        String namespace = item.kind().namespaced() ? item.namespace() : null;
        return new WorkloadRef(item.kind(), ApiVersions.storage(item.kind()), namespace, item.name());
    }

    @Override
    public String toString() {
        return kind + " " + (namespace == null ? "" : namespace + "/") + name;
    }
}
