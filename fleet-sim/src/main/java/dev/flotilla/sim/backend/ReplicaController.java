package dev.flotilla.sim.backend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kruise update semantics for one group of pods (a CloneSet, an Advanced StatefulSet, a UnitedDeployment subset,
 * the pods a SidecarSet matches): scaling, partition, maxUnavailable, maxSurge, in-place versus recreate.
 */
final class ReplicaController {

    private final Timing timing;

    ReplicaController(Timing timing) {
        this.timing = timing;
    }

    /** One controller pass at instant {@code t}. */
    void reconcile(ReplicaSpec spec, List<SimPod> pods, SimulatedPods state, long t) {
        scale(spec, pods, state, t);
        if (spec.paused()) {
            return;
        }
        surge(spec, pods, state, t);
        update(spec, pods, state, t);
    }

    private void scale(ReplicaSpec spec, List<SimPod> pods, SimulatedPods state, long t) {
        while (pods.size() < spec.replicas()) {
            boolean updated = count(pods, spec.revision()) < spec.expectedUpdated();
            String revision = updated || state.currentRevision == null ? spec.revision() : state.currentRevision;
            Map<String, Object> template = state.templates.getOrDefault(revision, spec.template());
            int ordinal = spec.highestOrdinalFirst() ? freeOrdinal(pods) : state.nextOrdinal++;
            SimPod pod = new SimPod(ordinal, revision, 0);
            pod.readyAt(delay(t, template, spec.name() + ordinal + revision, false,
                    revision.equals(state.firstRevision)), spec.minReadyMillis());
            pods.add(pod);
            log(state, spec, pod, template, true, t);
        }
        int surplus = pods.size() - spec.replicas() - surgeAllowance(spec, pods);
        if (surplus > 0) {
            PodChoice.scaleDown(spec, pods, surplus, t);
        }
        pods.sort(Comparator.comparingInt(p -> p.ordinal));
    }

    /** Surge pods only exist while old pods remain to be replaced. */
    private static int surgeAllowance(ReplicaSpec spec, List<SimPod> pods) {
        return spec.maxSurge() > 0 && count(pods, spec.revision()) < pods.size() ? spec.maxSurge() : 0;
    }

    /** maxSurge: create new-revision pods beyond replicas, then delete old ones once the new are ready. */
    private void surge(ReplicaSpec spec, List<SimPod> pods, SimulatedPods state, long t) {
        if (spec.maxSurge() <= 0) {
            return;
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            while (count(pods, spec.revision()) < spec.expectedUpdated()
                    && pods.size() < spec.replicas() + spec.maxSurge()) {
                int ordinal = state.nextOrdinal++;
                SimPod pod = new SimPod(ordinal, spec.revision(), 0);
                pod.readyAt(delay(t, spec.template(), spec.name() + ordinal + spec.revision(), false,
                        spec.revision().equals(state.firstRevision)), spec.minReadyMillis());
                pods.add(pod);
                log(state, spec, pod, spec.template(), true, t);
                changed = true;
            }
            changed |= removeReplacedPod(spec, pods, t);
        }
    }

    /** Deletes an old pod once the surge pods make up for it within maxUnavailable. */
    private static boolean removeReplacedPod(ReplicaSpec spec, List<SimPod> pods, long t) {
        if (pods.size() <= spec.replicas()) {
            return false;
        }
        SimPod old = pods.stream().filter(p -> !p.revision.equals(spec.revision()))
                .min(Comparator.comparing((SimPod p) -> p.ready(t))).orElse(null);
        if (old == null || (old.ready(t) && readyCount(pods, t) - 1 < spec.replicas() - spec.maxUnavailable())) {
            return false;
        }
        return pods.remove(old);
    }

    private void update(ReplicaSpec spec, List<SimPod> pods, SimulatedPods state, long t) {
        int toUpdate = spec.expectedUpdated() - count(pods, spec.revision());
        List<SimPod> candidates = candidates(spec, pods, t);
        for (SimPod pod : candidates.subList(0, Math.max(0, Math.min(toUpdate, candidates.size())))) {
            if (!PodChoice.withinBudget(spec, pods, pod, t)) {
                return;
            }
            boolean inPlace = spec.inPlace() && InPlaceChange.onlyInPlace(state.templates.get(pod.revision),
                    spec.template());
            if (spec.inPlaceOrNever() && !inPlace) {
                // IsSidecarSetUpgradable: the containers changed beyond their images, so the pod is skipped
                continue;
            }
            pod.revision = spec.revision();
            pod.readyAt(delay(t, spec.template(), spec.name() + pod.ordinal + spec.revision(), inPlace,
                    spec.revision().equals(state.firstRevision)), spec.minReadyMillis());
            log(state, spec, pod, spec.template(), !inPlace, t);
        }
    }

    /**
     * Old pods in update order. CloneSet ({@code SortUpdateIndexes}): by priority weight, heaviest first, the
     * default order (unavailable first, then ordinal) only breaking ties, since the priority sort is stable. Advanced
     * StatefulSet: only the first replicas - partition pods of its order are updated, the order being the top
     * ordinals, highest first, or with a priority strategy (unorderedUpdate) heavier pods first, then highest ordinal.
     */
    private static List<SimPod> candidates(ReplicaSpec spec, List<SimPod> pods, long t) {
        List<SimPod> ordered = new ArrayList<>(pods);
        Comparator<SimPod> heavierFirst = Comparator.comparingInt(
                (SimPod p) -> -PriorityTerm.weigh(spec.priority(), p.labels()));
        if (spec.highestOrdinalFirst()) {
            ordered.sort(heavierFirst.thenComparingInt(p -> -p.ordinal));
            ordered = new ArrayList<>(ordered.subList(0, Math.min(ordered.size(), spec.expectedUpdated())));
        } else {
            ordered.sort(heavierFirst.thenComparing((SimPod p) -> p.available(t)).thenComparingInt(p -> p.ordinal));
        }
        ordered.removeIf(p -> p.revision.equals(spec.revision()));
        return ordered;
    }

    private static void log(SimulatedPods state, ReplicaSpec spec, SimPod pod, Map<String, Object> template,
            boolean created, long t) {
        state.changed(new PodChange(t, podName(spec, pod), pod.revision, image(template), created,
                Map.copyOf(pod.labels())));
    }

    static String podName(ReplicaSpec spec, SimPod pod) {
        return spec.name() + "-" + pod.ordinal;
    }

    private static String image(Map<String, Object> template) {
        return KruiseModel.list(template, "spec.containers").stream()
                .filter(c -> c instanceof Map<?, ?>).map(c -> String.valueOf(((Map<?, ?>) c).get("image")))
                .findFirst().orElse(null);
    }

    private long delay(long t, Map<String, Object> template, String key, boolean inPlace, boolean initial) {
        long d = timing.readyDelay(template, key, inPlace, initial);
        return d == SimPod.NEVER ? SimPod.NEVER : t + d;
    }

    private static int freeOrdinal(List<SimPod> pods) {
        Map<Integer, Boolean> used = new HashMap<>();
        pods.forEach(p -> used.put(p.ordinal, true));
        int ordinal = 0;
        while (used.containsKey(ordinal)) {
            ordinal++;
        }
        return ordinal;
    }

    static int count(List<SimPod> pods, String revision) {
        return (int) pods.stream().filter(p -> p.revision.equals(revision)).count();
    }

    static int readyCount(List<SimPod> pods, long t) {
        return (int) pods.stream().filter(p -> p.ready(t)).count();
    }

    static int updatedReady(List<SimPod> pods, String revision, long t) {
        return (int) pods.stream().filter(p -> p.revision.equals(revision) && p.ready(t)).count();
    }
}
