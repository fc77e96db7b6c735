package dev.flotilla.agent.backend.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The reasons and messages of the Events the agent writes, from what it applied or patched. */
final class EventNotes {

    /** Written by the reconciler on every workload it applies (reconcile.ItemApplier). */
    static final String WORK_ID = "flotilla.dev/work-id";
    static final String REVISION = "flotilla.dev/revision";

    private EventNotes() {
    }

    static String applied(GenericKubernetesResource manifest) {
        Map<String, String> annotations = manifest.getMetadata().getAnnotations();
        String revision = annotations == null ? null : annotations.get(REVISION);
        String work = annotations == null ? null : annotations.get(WORK_ID);
        return revision == null ? "Flotilla applied the manifest"
                : "Flotilla applied revision " + revision + " (work " + work + ")";
    }

    /**
     * PartitionSet when the patch moves a partition (the next batch of pods may update, or a rollback releases
     * them all), Paused or Resumed for the pause alone, Patched otherwise.
     */
    static String patchReason(Map<String, Object> patch) {
        List<String> fields = paths(patch, "", new ArrayList<>());
        if (fields.stream().anyMatch(f -> f.contains(".partition"))) {
            return "PartitionSet";
        }
        if (fields.size() == 1 && fields.get(0).endsWith(".paused=true")) {
            return "Paused";
        }
        if (fields.size() == 1 && fields.get(0).endsWith(".paused=false")) {
            return "Resumed";
        }
        return "Patched";
    }

    /** The leaf fields of a merge patch, {@code spec.updateStrategy.partition=2, ...}. */
    static String fields(Map<String, Object> patch) {
        return String.join(", ", paths(patch, "", new ArrayList<>()));
    }

    private static List<String> paths(Map<?, ?> node, String prefix, List<String> out) {
        node.forEach((key, value) -> {
            String path = prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key;
            if (value instanceof Map<?, ?> inner && !inner.isEmpty()) {
                paths(inner, path, out);
            } else {
                out.add(path + "=" + value);
            }
        });
        return out;
    }
}
