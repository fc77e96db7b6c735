package dev.flotilla.meta.controlplane;

import dev.flotilla.api.agent.WorkloadKind;
import dev.flotilla.meta.versions.ControlPlaneComponent;
import dev.flotilla.meta.versions.MinorVersion;
import java.util.List;
import java.util.Map;

/**
 * A hosted control plane's workloads at one release, as the host applies them: what an operator (or a provisioning
 * pipeline) puts on the host to create a control plane that Flotilla later upgrades, and exactly what the upgrade
 * steps hand the host's agent for that release.
 *
 * @param version the catalog minor the manifests are for
 * @param kubernetes that minor's patch release, e.g. {@code 1.31.0}
 * @param items the four components in skew-policy order: etcd, kube-apiserver, kube-controller-manager,
 *              kube-scheduler
 */
record ControlPlaneWorkloads(String cluster, String hostCluster, String namespace, MinorVersion version,
        String kubernetes, List<Workload> items) {

    /** One component's workload in the control plane's namespace on its host. */
    record Workload(ControlPlaneComponent component, WorkloadKind kind, String apiVersion, String name,
            Map<String, Object> manifest) {
    }
}
