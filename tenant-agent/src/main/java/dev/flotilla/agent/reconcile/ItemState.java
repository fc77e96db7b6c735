package dev.flotilla.agent.reconcile;

import java.util.Map;

/**
 * What the agent remembers of one work item between ticks. Nothing here is needed to resume: after a restart the
 * partition and status on the cluster say where the rollout is; only timers (deadline, batch pause) start over.
 */
final class ItemState {

    long appliedGeneration = -1;
    long terminalGeneration = -1;
    String revision;
    int trackedStep = -1;
    long stepSince;
    long pauseUntil = -1;
    Outcome last;
    long seq;
    /** The labels of a selected SidecarSet's pods and when they were last listed (those items only). */
    Map<String, Map<String, String>> podLabels = Map.of();
    long podsListedAt = Long.MIN_VALUE / 2;
    /** When the etcd members were last asked who leads (etcd items only). */
    long rolesCheckedAt = Long.MIN_VALUE / 2;
    /** When the new revision's pods were last listed for the health checks (a pod list per check). */
    long healthCheckedAt = Long.MIN_VALUE / 2;
    /** Bundle items only: the generation whose other resources are applied, and each workload's own standing. */
    long resourcesApplied = -1;
    final Map<String, ItemState> workloads = new java.util.HashMap<>(2);
    /** Bundle items only: each resource's standing at {@link #statusGeneration}, in apply order, by object key. */
    final Map<String, dev.flotilla.api.agent.ResourceStatus> statuses = new java.util.LinkedHashMap<>();
    long statusGeneration = -1;
    /** Bundle items only: the objects whose deletion was asked (pruning, uninstall), so it is asked once. */
    final java.util.Set<String> deleting = new java.util.HashSet<>();
    /** Bundle items only: the workloads that existed before the agent applied them (inventory keys). */
    final java.util.Set<String> adopted = new java.util.HashSet<>();

    /** Starts the deadline clock when the rollout reaches a new step. */
    void track(int step, long now) {
        if (step != trackedStep) {
            trackedStep = step;
            stepSince = now;
            pauseUntil = -1;
        }
    }

    /** Forgets what belonged to the previous generation. */
    void applied(long generation) {
        appliedGeneration = generation;
        revision = null;
        trackedStep = -1;
        pauseUntil = -1;
    }
}
