package dev.flotilla.sim.backend;

import dev.flotilla.agent.backend.FieldPaths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The status each Kruise controller writes, computed from the simulated pods. */
final class WorkloadStatuses {

    Map<String, Object> replicaSet(ReplicaSpec spec, Map<String, Object> workload, SimulatedPods state, long now,
            boolean statefulSet) {
        List<SimPod> pods = state.group("");
        int updated = ReplicaController.count(pods, spec.revision());
        int ready = ReplicaController.readyCount(pods, now);
        int updatedReady = ReplicaController.updatedReady(pods, spec.revision(), now);
        boolean converged = statefulSet ? updated == ready && ready == pods.size() && pods.size() == spec.replicas()
                : updated == pods.size() && pods.size() == spec.replicas();
        if (converged) {
            state.currentRevision = spec.revision();
        }
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("observedGeneration", generation(workload));
        status.put("replicas", pods.size());
        status.put("readyReplicas", ready);
        status.put("availableReplicas", (int) pods.stream().filter(p -> p.available(now)).count());
        status.put("updatedReplicas", updated);
        status.put("updatedReadyReplicas", updatedReady);
        status.put("updatedAvailableReplicas", (int) pods.stream()
                .filter(p -> p.revision.equals(spec.revision()) && p.available(now)).count());
        if (statefulSet) {
            status.put("currentReplicas", ReplicaController.count(pods, state.currentRevision));
        } else {
            status.put("expectedUpdatedReplicas", spec.expectedUpdated());
        }
        status.put("updateRevision", spec.revision());
        status.put("currentRevision", state.currentRevision);
        status.put("conditions", stuckConditions(pods, spec, now, statefulSet ? "FailedUpdatePod" : "FailedUpdate"));
        return status;
    }

    Map<String, Object> sidecarSet(ReplicaSpec spec, Map<String, Object> workload, SimulatedPods state, long now) {
        List<SimPod> pods = state.group("");
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("observedGeneration", generation(workload));
        status.put("matchedPods", pods.size());
        status.put("updatedPods", ReplicaController.count(pods, spec.revision()));
        status.put("readyPods", ReplicaController.readyCount(pods, now));
        status.put("updatedReadyPods", ReplicaController.updatedReady(pods, spec.revision(), now));
        status.put("latestRevision", spec.revision());
        return status;
    }

    Map<String, Object> unitedDeployment(Map<String, ReplicaSpec> subsets, Map<String, Object> workload,
            SimulatedPods state, long now) {
        int replicas = 0;
        int ready = 0;
        int updated = 0;
        int updatedReady = 0;
        String revision = null;
        Map<String, Object> subsetReplicas = new LinkedHashMap<>();
        Map<String, Object> partitions = new LinkedHashMap<>();
        for (Map.Entry<String, ReplicaSpec> entry : subsets.entrySet()) {
            ReplicaSpec spec = entry.getValue();
            List<SimPod> pods = state.group(entry.getKey());
            revision = spec.revision();
            replicas += pods.size();
            ready += ReplicaController.readyCount(pods, now);
            updated += ReplicaController.count(pods, revision);
            updatedReady += ReplicaController.updatedReady(pods, revision, now);
            subsetReplicas.put(entry.getKey(), spec.replicas());
            partitions.put(entry.getKey(), spec.partition());
        }
        if (revision != null && updatedReady >= replicas) {
            state.currentRevision = revision;
        }
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("observedGeneration", generation(workload));
        status.put("replicas", replicas);
        status.put("readyReplicas", ready);
        status.put("updatedReplicas", updated);
        status.put("updatedReadyReplicas", updatedReady);
        status.put("currentRevision", state.currentRevision);
        status.put("subsetReplicas", subsetReplicas);
        Map<String, Object> updateStatus = new LinkedHashMap<>();
        updateStatus.put("updatedRevision", revision);
        updateStatus.put("currentPartitions", partitions);
        status.put("updateStatus", updateStatus);
        return status;
    }

    /** Kruise reports pods that cannot become ready through a failure condition; the agent quotes its message. */
    private static List<Object> stuckConditions(List<SimPod> pods, ReplicaSpec spec, long now, String type) {
        long stuck = pods.stream().filter(p -> p.revision.equals(spec.revision()) && p.readyAt == SimPod.NEVER)
                .count();
        if (stuck == 0) {
            return List.of();
        }
        Map<String, Object> condition = new LinkedHashMap<>();
        condition.put("type", type);
        condition.put("status", "True");
        condition.put("reason", "PodNotReady");
        condition.put("message", stuck + " pod(s) of revision " + spec.revision() + " not ready");
        return List.of(condition);
    }

    static long generation(Map<String, Object> workload) {
        Long generation = FieldPaths.longValue(workload, "metadata.generation");
        return generation == null ? 1 : generation;
    }
}
