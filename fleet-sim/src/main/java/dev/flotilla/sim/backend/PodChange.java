package dev.flotilla.sim.backend;

import java.util.Map;

/**
 * A pod the simulated controller created or moved to a new revision, for tests and diagnostics: which pod, when,
 * to what, and the labels it carried at that moment (an etcd member's role, for instance).
 *
 * @param at epoch millis of the controller pass that made the change
 * @param pod the pod's name, {@code <workload>-<ordinal>} ({@code <workload>-<subset>-<ordinal>} in a subset)
 * @param revision the revision the pod runs from then on
 * @param image the first container's image of that revision
 * @param created whether the pod was created (scale-up, surge, recreate) rather than updated in place
 * @param labels the labels set on the pod at that moment
 */
public record PodChange(long at, String pod, String revision, String image, boolean created,
        Map<String, String> labels) {
}
