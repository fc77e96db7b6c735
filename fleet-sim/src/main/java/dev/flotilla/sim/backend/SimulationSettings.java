package dev.flotilla.sim.backend;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Timings and failure injection of simulated clusters.
 *
 * @param inPlaceSeconds time for an in-place update to become ready
 * @param recreateSeconds time for a recreated (or new) pod to become ready
 * @param jobSeconds run time of a BroadcastJob pod
 * @param jitter relative jitter of every duration, 0 to 1
 * @param timeScale simulated seconds per real second (10 makes everything ten times faster)
 * @param failingImages images whose pods never become ready (job pods fail)
 * @param seed seeds the deterministic jitter
 */
public record SimulationSettings(
        double inPlaceSeconds,
        double recreateSeconds,
        double jobSeconds,
        double jitter,
        double timeScale,
        Set<String> failingImages,
        long seed) {

    public SimulationSettings {
        failingImages = failingImages == null ? Set.of() : Set.copyOf(failingImages);
        if (timeScale <= 0 || jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("timeScale must be > 0 and jitter within 0..1");
        }
    }

    /** Kubernetes-like defaults: 5 s in place, 20 s recreate, 10 s jobs, 20% jitter, real time. */
    public static SimulationSettings defaults() {
        return new SimulationSettings(5, 20, 10, 0.2, 1, Set.of(), 42);
    }

    public SimulationSettings withTimeScale(double scale) {
        return new SimulationSettings(inPlaceSeconds, recreateSeconds, jobSeconds, jitter, scale, failingImages, seed);
    }

    public SimulationSettings withFailingImages(Set<String> images) {
        return new SimulationSettings(inPlaceSeconds, recreateSeconds, jobSeconds, jitter, timeScale, images, seed);
    }

    /** The timing of one cluster; a {@code broken} cluster never gets pods of a new revision ready. */
    public Timing timing(boolean broken) {
        return new SettingsTiming(this, broken);
    }

    /** Whether a pod template runs one of the failing images. */
    boolean failing(Map<String, Object> template) {
        if (failingImages.isEmpty() || !(template.get("spec") instanceof Map<?, ?> spec)) {
            return false;
        }
        return spec.get("containers") instanceof List<?> containers && containers.stream()
                .anyMatch(c -> c instanceof Map<?, ?> m && failingImages.contains(String.valueOf(m.get("image"))));
    }
}
