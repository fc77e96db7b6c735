package dev.flotilla.sim.backend;

import dev.flotilla.agent.backend.FieldPaths;
import dev.flotilla.api.agent.WorkloadKind;
import dev.flotilla.api.kruise.IntOrPercent;
import java.util.List;
import java.util.Map;

/**
 * The Kruise controllers as a pure function: given a workload object, its pods and the time, it moves the pods to
 * where the controllers would have them and returns the status they would write. It advances event by event from
 * the last instant it saw, so reading rarely is as exact as reading often; it needs no thread or timer.
 * The simulated backend and the tests' Kruise stand-in on the mock API server both use it.
 */
public final class KruiseModel {

    private final ReplicaController replicas;
    private final WorkloadStatuses statuses = new WorkloadStatuses();
    private final BroadcastJobController jobs;

    public KruiseModel(Timing timing) {
        this.replicas = new ReplicaController(timing);
        this.jobs = new BroadcastJobController(timing);
    }

    /** What the cluster around a workload holds: nodes (one BroadcastJob pod each), pods a SidecarSet matches. */
    public record Environment(int nodes, int sidecarMatchedPods) {
    }

    /**
     * Advances the workload's pods to {@code now} (epoch millis) and returns its new {@code status}. Call it before
     * changing the workload's spec too, so the old spec governs the time up to the change.
     */
    public Map<String, Object> advance(Map<String, Object> workload, SimulatedPods pods, long now, Environment env) {
        WorkloadKind kind = WorkloadKind.valueOf(String.valueOf(workload.get("kind")));
        long t = pods.advancedTo < 0 ? now : Math.min(pods.advancedTo, now);
        pass(kind, workload, pods, t, env);
        for (long next = pods.nextEventAfter(t); next <= now; next = pods.nextEventAfter(t)) {
            t = next;
            pass(kind, workload, pods, t, env);
        }
        pods.advancedTo = now;
        return status(kind, workload, pods, now, env);
    }

    private void pass(WorkloadKind kind, Map<String, Object> workload, SimulatedPods pods, long t, Environment env) {
        switch (kind) {
            case CloneSet, StatefulSet, SidecarSet -> {
                ReplicaSpec spec = ReplicaSpecs.of(kind, workload, env);
                track(pods, spec);
                replicas.reconcile(spec, pods.group(""), pods, t);
            }
            case UnitedDeployment -> ReplicaSpecs.subsets(workload).forEach((subset, spec) -> {
                track(pods, spec);
                replicas.reconcile(spec, pods.group(subset), pods, t);
            });
            case BroadcastJob -> jobs.reconcile(workload, pods, t, env.nodes());
        }
    }

    private static void track(SimulatedPods pods, ReplicaSpec spec) {
        pods.remember(spec.revision(), spec.template());
        if (pods.firstRevision == null) {
            pods.firstRevision = spec.revision();
            pods.currentRevision = spec.revision();
        }
    }

    private Map<String, Object> status(WorkloadKind kind, Map<String, Object> workload, SimulatedPods pods,
            long now, Environment env) {
        return switch (kind) {
            case CloneSet, StatefulSet -> statuses.replicaSet(ReplicaSpecs.of(kind, workload, env), workload, pods,
                    now, kind == WorkloadKind.StatefulSet);
            case SidecarSet -> statuses.sidecarSet(ReplicaSpecs.of(kind, workload, env), workload, pods, now);
            case UnitedDeployment -> statuses.unitedDeployment(ReplicaSpecs.subsets(workload), workload, pods, now);
            case BroadcastJob -> jobs.status(workload, pods, now, env.nodes());
        };
    }

    /** The revision name of a template, like {@code <name>-<hash>}; stable across JVMs for the same content. */
    static String revision(Map<String, Object> workload, Object template) {
        String name = FieldPaths.string(workload, "metadata.name");
        return name + "-" + Integer.toHexString(template == null ? 0 : template.hashCode());
    }

    static int intOrPercent(Object value, int total, boolean roundUp, int fallback) {
        return IntOrPercent.resolve(value, total, roundUp, fallback);
    }

    static boolean bool(Map<String, Object> object, String path) {
        return Boolean.TRUE.equals(FieldPaths.get(object, path));
    }

    static List<?> list(Map<String, Object> object, String path) {
        return FieldPaths.get(object, path) instanceof List<?> l ? l : List.of();
    }
}
