package dev.flotilla.meta.agentgateway;

/**
 * Where a work item goes: the cluster whose agent runs it (its carrier) and the campaign target it serves. They
 * differ when one cluster carries another's work (a tenant's control plane runs on its host).
 */
public record WorkPlacement(long carrierId, long clusterId) {

    /** The cluster runs its own work. */
    public static WorkPlacement own(long clusterId) {
        return new WorkPlacement(clusterId, clusterId);
    }
}
