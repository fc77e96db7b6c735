package dev.flotilla.e2e;

import dev.flotilla.agent.backend.FieldPaths;
import dev.flotilla.agent.backend.Workload;
import dev.flotilla.agent.backend.WorkloadRef;
import dev.flotilla.api.agent.WorkloadKind;
import dev.flotilla.sim.fleet.SimulatedAgent;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What a simulated cluster runs, read from the cluster itself (not from what the agent reported). */
final class Workloads {

    private Workloads() {
    }

    static Optional<Workload> cloneSet(SimulatedAgent agent, String application) {
        return agent.cluster().read(new WorkloadRef(WorkloadKind.CloneSet, "apps.kruise.io/v1alpha1", "shop",
                application));
    }

    /** The image of the CloneSet's template, or "none" when the cluster has no such CloneSet. */
    static String image(SimulatedAgent agent, String application) {
        return cloneSet(agent, application).map(w -> {
            Object containers = FieldPaths.get(w.object(), "spec.template.spec.containers");
            return String.valueOf(((Map<?, ?>) ((List<?>) containers).get(0)).get("image"));
        }).orElse("none");
    }

    /** Whether every pod runs the template's revision and is ready (the Kruise "done" rule). */
    static boolean settled(SimulatedAgent agent, String application) {
        return cloneSet(agent, application).map(w -> {
            Map<String, Object> status = w.status();
            int replicas = w.integer("spec.replicas", 1);
            return w.observed() && Integer.valueOf(replicas).equals(status.get("updatedReadyReplicas"))
                    && status.get("updateRevision") != null
                    && status.get("updateRevision").equals(status.get("currentRevision"));
        }).orElse(false);
    }
}
