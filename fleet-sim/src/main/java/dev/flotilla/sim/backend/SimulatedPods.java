package dev.flotilla.sim.backend;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The controller-side state of one workload: its pods (per subset for a UnitedDeployment), the templates of the
 * revisions it has seen and the instant it was last advanced to. Not thread-safe: one owner advances it.
 */
public final class SimulatedPods {

    final Map<String, List<SimPod>> groups = new LinkedHashMap<>();
    final Map<String, Map<String, Object>> templates = new HashMap<>(4);
    String currentRevision;
    String firstRevision;
    long advancedTo = -1;
    int nextOrdinal;
    /** The most recent pod changes, oldest first, at most {@link #CHANGES_KEPT}. */
    final Deque<PodChange> changes = new ArrayDeque<>(4);

    static final int CHANGES_KEPT = 64;

    List<SimPod> group(String key) {
        return groups.computeIfAbsent(key, k -> new ArrayList<>());
    }

    /** Keeps the template of a revision (and only the few most recent) to tell in-place from recreate changes. */
    void remember(String revision, Map<String, Object> template) {
        if (!templates.containsKey(revision)) {
            if (templates.size() >= 3) {
                templates.keySet().removeIf(r -> !r.equals(currentRevision));
            }
            templates.put(revision, template);
        }
    }

    /** The earliest pod event strictly after {@code t}, or {@link SimPod#NEVER}. */
    long nextEventAfter(long t) {
        long next = SimPod.NEVER;
        for (List<SimPod> pods : groups.values()) {
            for (SimPod pod : pods) {
                if (pod.readyAt > t && pod.readyAt < next) {
                    next = pod.readyAt;
                }
                if (pod.availableAt > t && pod.availableAt < next) {
                    next = pod.availableAt;
                }
            }
        }
        return next;
    }

    void changed(PodChange change) {
        if (changes.size() == CHANGES_KEPT) {
            changes.removeFirst();
        }
        changes.addLast(change);
    }

    /** The revisions of the pods, per group, for tests and diagnostics. */
    public Map<String, List<String>> revisions() {
        Map<String, List<String>> result = new LinkedHashMap<>();
        groups.forEach((key, pods) -> result.put(key, pods.stream().map(p -> p.revision).toList()));
        return result;
    }

    /** How many pods are ready at {@code now}, over all groups. */
    public int ready(long now) {
        return (int) groups.values().stream().flatMap(List::stream).filter(p -> p.ready(now)).count();
    }
}
