package dev.flotilla.meta.versions;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.flotilla.api.agent.WorkloadKind;

/** The four workloads of a hosted tenant control plane, in the order the version-skew policy upgrades them. */
public enum ControlPlaneComponent {
    ETCD("etcd", WorkloadKind.StatefulSet),
    KUBE_APISERVER("kube-apiserver", WorkloadKind.CloneSet),
    KUBE_CONTROLLER_MANAGER("kube-controller-manager", WorkloadKind.CloneSet),
    KUBE_SCHEDULER("kube-scheduler", WorkloadKind.CloneSet);

    private final String workloadName;
    private final WorkloadKind kind;

    ControlPlaneComponent(String workloadName, WorkloadKind kind) {
        this.workloadName = workloadName;
        this.kind = kind;
    }

    /** The workload's metadata.name in the control plane's namespace, also its image name. */
    @JsonValue
    public String workloadName() {
        return workloadName;
    }

    public WorkloadKind kind() {
        return kind;
    }
}
