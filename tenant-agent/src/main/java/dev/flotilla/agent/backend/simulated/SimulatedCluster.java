package dev.flotilla.agent.backend.simulated;

import dev.flotilla.agent.backend.ApplyResult;
import dev.flotilla.agent.backend.ClusterBackend;
import dev.flotilla.agent.backend.FieldPaths;
import dev.flotilla.agent.backend.PatchResult;
import dev.flotilla.agent.backend.Workload;
import dev.flotilla.agent.backend.WorkloadRef;
import dev.flotilla.api.agent.ClusterFacts;
import dev.flotilla.api.agent.WorkloadKind;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A tenant cluster held in memory: workloads as objects, their pods moved by {@link KruiseModel} whenever they are
 * read or changed. No thread or timer: ten thousand of these cost only their objects.
 */
public final class SimulatedCluster implements ClusterBackend {

    private final ClusterFacts facts;
    private final KruiseModel model;
    private final Clock clock;
    private final boolean broken;
    private final Map<String, Entry> workloads = new HashMap<>(4);

    private static final class Entry {
        final Map<String, Object> object;
        final SimulatedPods pods = new SimulatedPods();

        Entry(Map<String, Object> object) {
            this.object = object;
        }
    }

    /**
     * @param facts what the cluster reports (nodes, zones, versions)
     * @param settings timings and failure injection
     * @param broken whether pods of any revision after a workload's first never become ready (failure injection)
     * @param clock the time source; the settings' time scale speeds the pods up, not the clock
     */
    public SimulatedCluster(ClusterFacts facts, SimulationSettings settings, boolean broken, Clock clock) {
        this.facts = facts;
        this.model = new KruiseModel(settings.timing(broken));
        this.clock = clock;
        this.broken = broken;
    }

    /** A cluster of {@code nodes} nodes spread over {@code zones}, Kubernetes v1.30.4 and Kruise v1.8.0. */
    public static SimulatedCluster of(int nodes, List<String> zones, SimulationSettings settings, Clock clock) {
        return new SimulatedCluster(new ClusterFacts("v1.30.4", "v1.8.0", null, nodes, zones, List.of("v1.30.4"),
                List.of()), settings, false, clock);
    }

    /**
     * The {@code index}-th cluster of a simulated fleet: {@code brokenShare} of the fleet (chosen by a hash of the
     * index and the settings' seed, so the same clusters every run) never gets a new revision's pods ready.
     */
    public static SimulatedCluster member(int index, double brokenShare, int nodes, List<String> zones,
            SimulationSettings settings, Clock clock) {
        long mix = (index + 1) * 0x9E3779B97F4A7C15L ^ settings.seed();
        mix ^= mix >>> 29;
        mix *= 0xBF58476D1CE4E5B9L;
        mix ^= mix >>> 32;
        boolean broken = ((mix >>> 11) & 0xFFFF) / 65536.0 < brokenShare;
        return new SimulatedCluster(new ClusterFacts("v1.30.4", "v1.8.0", null, nodes, zones, List.of("v1.30.4"),
                List.of()), settings, broken, clock);
    }

    /** Whether failure injection picked this cluster to break every update. */
    public boolean broken() {
        return broken;
    }

    @Override
    public synchronized ApplyResult apply(WorkloadRef ref, Map<String, Object> manifest) {
        Entry entry = workloads.get(key(ref));
        Map<String, Object> applied = FieldPaths.deepCopy(manifest);
        if (entry == null) {
            FieldPaths.set(applied, "metadata.generation", 1L);
            entry = new Entry(applied);
            workloads.put(key(ref), entry);
        } else {
            advance(entry);
            Map<String, Object> spec = FieldPaths.map(applied, "spec");
            if (!spec.containsKey("replicas") && FieldPaths.get(entry.object, "spec.replicas") != null) {
                spec.put("replicas", FieldPaths.get(entry.object, "spec.replicas"));
            }
            Map<String, Object> patch = new LinkedHashMap<>(applied);
            patch.remove("status");
            replaceSpec(entry, patch);
        }
        advance(entry);
        return new ApplyResult.Applied(new Workload(entry.object));
    }

    private static void replaceSpec(Entry entry, Map<String, Object> patch) {
        Object before = FieldPaths.deepCopy(entry.object.get("spec"));
        Map<String, Object> metadata = FieldPaths.map(entry.object, "metadata");
        entry.object.put("spec", patch.get("spec"));
        MergePatch.apply(metadata, FieldPaths.map(patch, "metadata"));
        bumpGenerationIfChanged(entry, before);
    }

    private static void bumpGenerationIfChanged(Entry entry, Object specBefore) {
        if (!Objects.equals(specBefore, entry.object.get("spec"))) {
            long generation = FieldPaths.longValue(entry.object, "metadata.generation");
            FieldPaths.set(entry.object, "metadata.generation", generation + 1);
        }
    }

    @Override
    public synchronized Optional<Workload> read(WorkloadRef ref) {
        Entry entry = workloads.get(key(ref));
        if (entry == null) {
            return Optional.empty();
        }
        advance(entry);
        return Optional.of(new Workload(entry.object));
    }

    @Override
    public synchronized PatchResult patch(WorkloadRef ref, Map<String, Object> mergePatch) {
        Entry entry = workloads.get(key(ref));
        if (entry == null) {
            return new PatchResult.Missing();
        }
        advance(entry);
        Object before = FieldPaths.deepCopy(entry.object.get("spec"));
        MergePatch.apply(entry.object, mergePatch);
        bumpGenerationIfChanged(entry, before);
        return new PatchResult.Patched();
    }

    @Override
    public ClusterFacts facts() {
        return facts;
    }

    /** The simulated pods of a workload, for tests and the fleet simulator's diagnostics. */
    public synchronized Optional<Map<String, List<String>>> podRevisions(WorkloadRef ref) {
        return Optional.ofNullable(workloads.get(key(ref))).map(e -> e.pods.revisions());
    }

    private void advance(Entry entry) {
        KruiseModel.Environment env = new KruiseModel.Environment(facts.nodes() == null ? 0 : facts.nodes(),
                matchedPods(entry.object));
        entry.object.put("status", model.advance(entry.object, entry.pods, clock.millis(), env));
    }

    /** Pods of other workloads whose template labels match the SidecarSet's selector; else one per node. */
    private int matchedPods(Map<String, Object> object) {
        if (!"SidecarSet".equals(object.get("kind"))) {
            return 0;
        }
        Map<String, Object> selector = FieldPaths.map(object, "spec.selector.matchLabels");
        int matched = 0;
        for (Entry other : workloads.values()) {
            Map<String, Object> labels = FieldPaths.map(other.object, "spec.template.metadata.labels");
            if (other.object != object && !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet())) {
                matched += FieldPaths.integer(other.object, "spec.replicas", 1);
            }
        }
        return matched > 0 ? matched : facts.nodes() == null ? 0 : facts.nodes();
    }

    private static String key(WorkloadRef ref) {
        WorkloadKind kind = ref.kind();
        return kind.name() + '/' + ref.namespace() + '/' + ref.name();
    }
}
