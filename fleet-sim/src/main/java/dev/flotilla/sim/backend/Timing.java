package dev.flotilla.sim.backend;

import java.util.Map;

/** How long the simulated kubelet takes; {@link SimPod#NEVER} for a pod that never becomes ready. */
public interface Timing {

    /**
     * Milliseconds from now until a pod of {@code template} is ready.
     *
     * @param key a stable key of the pod (for deterministic jitter)
     * @param inPlace whether the change was made in place rather than by recreating the pod
     * @param initial whether this is the workload's first revision (failure injection spares it)
     */
    long readyDelay(Map<String, Object> template, String key, boolean inPlace, boolean initial);

    /** Milliseconds a job pod of {@code template} runs; negative when it will fail. */
    long jobDuration(Map<String, Object> template, String key);
}
