package dev.flotilla.sim.backend;

import dev.flotilla.agent.backend.FieldPaths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * BroadcastJob: one pod per node, at most {@code parallelism} running; FailFast stops at the first failure,
 * Continue runs every node. A changed template reaches only nodes that have no pod yet, as upstream.
 */
final class BroadcastJobController {

    private final Timing timing;

    BroadcastJobController(Timing timing) {
        this.timing = timing;
    }

    void reconcile(Map<String, Object> workload, SimulatedPods state, long t, int nodes) {
        Map<String, Object> template = FieldPaths.map(workload, "spec.template");
        String revision = KruiseModel.revision(workload, template);
        List<SimPod> pods = state.group("");
        // No template revision (pkg/controller/broadcastjob): a node that has a pod keeps it when the template
        // changes, and a finished job stays finished; only nodes still without a pod get the new template.
        state.currentRevision = revision;
        if (KruiseModel.bool(workload, "spec.paused") || (failFast(workload) && failed(pods, t) > 0)) {
            return;
        }
        int parallelism = parallelism(FieldPaths.get(workload, "spec.parallelism"), nodes);
        while (pods.size() < nodes && active(pods, t) < Math.max(1, parallelism)) {
            int ordinal = pods.size();
            long duration = timing.jobDuration(template, revision + ordinal);
            SimPod pod = new SimPod(ordinal, revision, t + Math.abs(duration));
            pod.failed = duration < 0;
            pods.add(pod);
        }
    }

    /** GetScaledValueFromIntOrPercent, rounding down: a percent may exceed 100; absent means every node. */
    private static int parallelism(Object value, int nodes) {
        if (value instanceof Number n) {
            return n.intValue();
        }
        if (value instanceof String text && text.endsWith("%")) {
            return (int) ((long) Integer.parseInt(text.substring(0, text.length() - 1).trim()) * nodes / 100);
        }
        return nodes;
    }

    Map<String, Object> status(Map<String, Object> workload, SimulatedPods state, long now, int nodes) {
        List<SimPod> pods = state.group("");
        int failed = failed(pods, now);
        int active = active(pods, now);
        int succeeded = (int) pods.stream().filter(p -> p.ready(now) && !p.failed).count();
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("desired", nodes);
        status.put("active", active);
        status.put("succeeded", succeeded);
        status.put("failed", failed);
        status.put("phase", phase(workload, failed, active, succeeded, nodes));
        if (failed > 0 && failFast(workload)) {
            status.put("conditions", List.of(Map.of("type", "Failed", "status", "True",
                    "message", failed + " of " + nodes + " job pods failed")));
        }
        return status;
    }

    private static String phase(Map<String, Object> workload, int failed, int active, int succeeded, int nodes) {
        if (failed > 0 && failFast(workload)) {
            return "failed";
        }
        if (active == 0 && succeeded + failed >= nodes) {
            return "completed";
        }
        return KruiseModel.bool(workload, "spec.paused") ? "paused" : "running";
    }

    private static boolean failFast(Map<String, Object> workload) {
        return !"Continue".equals(FieldPaths.string(workload, "spec.failurePolicy.type"));
    }

    private static int failed(List<SimPod> pods, long t) {
        return (int) pods.stream().filter(p -> p.ready(t) && p.failed).count();
    }

    private static int active(List<SimPod> pods, long t) {
        return (int) pods.stream().filter(p -> !p.ready(t)).count();
    }
}
