package dev.flotilla.sim.backend;

import dev.flotilla.agent.backend.ApplyResult;
import dev.flotilla.agent.backend.ClusterBackend;
import dev.flotilla.agent.backend.DeleteResult;
import dev.flotilla.agent.backend.ObjectRef;
import dev.flotilla.agent.backend.FieldPaths;
import dev.flotilla.agent.backend.PatchResult;
import dev.flotilla.agent.backend.PodState;
import dev.flotilla.agent.backend.Scope;
import dev.flotilla.agent.backend.Workload;
import dev.flotilla.agent.backend.WorkloadRef;
import dev.flotilla.api.agent.ClusterFacts;
import dev.flotilla.api.agent.WorkloadKind;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A tenant cluster held in memory: workloads as objects, their pods moved by {@link KruiseModel} whenever they are
 * read or changed, and any other object a bundle holds stored as the API server would ({@link SimulatedObjects}).
 * No thread or timer: ten thousand of these cost only their objects.
 */
public final class SimulatedCluster implements ClusterBackend {

    private final ClusterFacts facts;
    private final KruiseModel model;
    private final Clock clock;
    private final boolean broken;
    private final Map<String, Entry> workloads = new HashMap<>(4);
    /** Every other object (a bundle's Namespaces, ConfigMaps, Services, the agent's inventories). */
    private final SimulatedObjects objects = new SimulatedObjects();
    private volatile HostedControlPlane hostedOn;
    private volatile List<String> kubeletVersions;
    private volatile List<String> removedApisInUse;
    /** Images whose containers crash-loop here (their pods also never get ready: list them as failing images). */
    private final Set<String> crashLooping = ConcurrentHashMap.newKeySet();

    private static final class Entry {
        final Map<String, Object> object;
        final SimulatedPods pods = new SimulatedPods();
        /** Whether the pods run etcd (kept with the spec, so reads need not look at the containers). */
        boolean etcd;
        /** For an etcd workload: the member leading its raft group, and the revision it ran when elected. */
        SimPod leader;
        String leaderRevision;

        Entry(Map<String, Object> object) {
            this.object = object;
            specChanged();
        }

        void specChanged() {
            etcd = SimulatedCluster.etcd(object);
        }
    }

    /** Where this cluster's control plane runs when it is hosted: its apiserver is a CloneSet in a host cluster. */
    private record HostedControlPlane(SimulatedCluster host, String namespace) {
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
            entry.specChanged();
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
        entry.specChanged();
        bumpGenerationIfChanged(entry, before);
        return new PatchResult.Patched();
    }

    @Override
    public synchronized void delete(WorkloadRef ref) {
        workloads.remove(key(ref));
    }

    @Override
    public synchronized Scope scope(String apiVersion, String kind) {
        Optional<WorkloadKind> workload = ObjectRef.workloadKind(apiVersion, kind);
        if (workload.isPresent()) {
            return workload.get().namespaced() ? Scope.NAMESPACED : Scope.CLUSTER;
        }
        return objects.scope(apiVersion, kind);
    }

    /** Stores any object; a Kruise workload is applied as {@link #apply} does. A kind not served is a 404. */
    @Override
    public synchronized ApplyResult applyObject(ObjectRef ref, Map<String, Object> manifest) {
        if (ref.workloadKind().isPresent()) {
            return apply(ref.workload(), manifest);
        }
        if (objects.scope(ref.apiVersion(), ref.kind()) == Scope.UNKNOWN) {
            return new ApplyResult.Rejected("404: the server could not find the requested resource (kind "
                    + ref.kind() + " at " + ref.apiVersion() + ")");
        }
        return new ApplyResult.Applied(new Workload(objects.apply(ref, manifest)));
    }

    @Override
    public synchronized Optional<Map<String, Object>> readObject(ObjectRef ref) {
        if (ref.workloadKind().isPresent()) {
            Entry entry = workloads.get(key(ref.workload()));
            if (entry == null) {
                return Optional.empty();
            }
            advance(entry);
            return Optional.of(FieldPaths.deepCopy(entry.object));
        }
        return objects.read(ref);
    }

    /** Deletes at once (no finalizers here); a Namespace takes its objects and workloads along. */
    @Override
    public synchronized DeleteResult deleteObject(ObjectRef ref) {
        if (ref.workloadKind().isPresent()) {
            workloads.remove(key(ref.workload()));
        } else {
            objects.delete(ref);
            if ("Namespace".equals(ref.groupKind())) {
                workloads.values().removeIf(e -> ref.name().equals(FieldPaths.string(e.object, "metadata.namespace")));
            }
        }
        return new DeleteResult.Requested();
    }

    /**
     * The object as the simulated cluster holds it (workloads with their simulated status), or empty; for tests and
     * diagnostics that read what a cluster was given.
     */
    public Optional<Map<String, Object>> object(String apiVersion, String kind, String namespace, String name) {
        return readObject(new ObjectRef(apiVersion, kind, namespace, name));
    }

    /** Copies of every object the cluster holds: the other objects in the order they came, then the workloads. */
    public synchronized List<Map<String, Object>> objects() {
        List<Map<String, Object>> all = new ArrayList<>(objects.all());
        workloads.values().stream().sorted(Comparator.comparing(e -> FieldPaths.string(e.object, "metadata.name")))
                .forEach(e -> {
                    advance(e);
                    all.add(FieldPaths.deepCopy(e.object));
                });
        return all;
    }

    /** Copies of the objects whose labels hold every one of {@code labels}. */
    public List<Map<String, Object>> objects(Map<String, String> labels) {
        return objects().stream().filter(o -> FieldPaths.map(o, "metadata.labels").entrySet()
                .containsAll(labels.entrySet())).toList();
    }

    /**
     * The cluster's facts. A hosted cluster reports the version its hosted apiserver serves (the oldest one a ready
     * apiserver pod runs, as discovery may reach any of them), and its own until the host runs one.
     */
    @Override
    public ClusterFacts facts() {
        HostedControlPlane hosted = hostedOn;
        List<String> kubelets = kubeletVersions;
        List<String> removedApis = removedApisInUse;
        if (hosted == null && kubelets == null && removedApis == null) {
            return facts;
        }
        String version = hosted == null ? facts.kubernetesVersion()
                : hosted.host().servedApiserverVersion(hosted.namespace()).orElse(facts.kubernetesVersion());
        return new ClusterFacts(version, facts.kruiseVersion(), facts.agentVersion(), facts.nodes(), facts.zones(),
                kubelets == null ? facts.kubeletVersions() : kubelets,
                removedApis == null ? facts.removedApisInUse() : removedApis);
    }

    /**
     * Makes this a Kube-on-Kube tenant: its API server is the {@code kube-apiserver} CloneSet in {@code namespace}
     * of {@code host}, so the version it reports follows that workload's pods.
     */
    public void hostedOn(SimulatedCluster host, String namespace) {
        this.hostedOn = new HostedControlPlane(Objects.requireNonNull(host, "host"),
                Objects.requireNonNull(namespace, "namespace"));
    }

    /** Replaces the kubelet versions the nodes report (an old node pool, say). */
    public void kubeletVersions(List<String> versions) {
        this.kubeletVersions = List.copyOf(versions);
    }

    /** Replaces the deprecated APIs the API server reports as still requested ({@code group/version/resource}). */
    public void removedApisInUse(List<String> apis) {
        this.removedApisInUse = List.copyOf(apis);
    }

    /**
     * The version a hosted control plane's API server answers with: the oldest image tag among the ready pods of the
     * {@code kube-apiserver} CloneSet in {@code namespace}; empty while none is ready.
     */
    public synchronized Optional<String> servedApiserverVersion(String namespace) {
        Entry entry = workloads.get(WorkloadKind.CloneSet.name() + '/' + namespace + "/kube-apiserver");
        if (entry == null) {
            return Optional.empty();
        }
        advance(entry);
        long now = clock.millis();
        return entry.pods.groups.values().stream().flatMap(List::stream).filter(p -> p.ready(now))
                .map(p -> entry.pods.templates.get(p.revision)).filter(Objects::nonNull)
                .map(SimulatedCluster::imageTag).filter(Objects::nonNull)
                .min(SimulatedCluster::compareVersions);
    }

    /**
     * The labels of the workload's simulated pods. A SidecarSet's matched pods are stand-ins without labels of their
     * own, so none are listed: the agent then expects every matched pod, which the simulator updates (it does not
     * model an update selector).
     */
    @Override
    public synchronized Map<String, Map<String, String>> podLabels(WorkloadRef ref) {
        Entry entry = workloads.get(key(ref));
        if (entry == null || ref.kind() == WorkloadKind.SidecarSet) {
            return Map.of();
        }
        advance(entry);
        Map<String, Map<String, String>> labels = new TreeMap<>();
        forEachPod(entry, (name, pod) -> labels.put(name, Map.copyOf(pod.labels())));
        return labels;
    }

    /**
     * Makes the containers of {@code image} crash-loop in this cluster, as a kubelet reports them
     * ({@code CrashLoopBackOff}, restarts); give the image as a failing image too, so its pods never get ready.
     */
    public void crashLoop(String image) {
        crashLooping.add(image);
    }

    /** The workload's pods as the kubelet would report them: running, or crash-looping (see {@link #crashLoop}). */
    @Override
    public synchronized List<PodState> podStates(WorkloadRef ref) {
        Entry entry = workloads.get(key(ref));
        if (entry == null || ref.kind() == WorkloadKind.SidecarSet) {
            return List.of();
        }
        advance(entry);
        long now = clock.millis();
        List<PodState> states = new ArrayList<>();
        forEachPod(entry, (name, pod) -> {
            Map<String, Object> template = entry.pods.templates.get(pod.revision);
            boolean crashing = template != null && !pod.ready(now) && KruiseModel.list(template, "spec.containers")
                    .stream().anyMatch(c -> c instanceof Map<?, ?> m && crashLooping.contains(String.valueOf(
                            m.get("image"))));
            states.add(new PodState(name, pod.revision, List.of(crashing
                    ? new PodState.Container("app", "CrashLoopBackOff",
                            "back-off 10s restarting failed container", 3)
                    : new PodState.Container("app", null, null, 0)), null));
        });
        return states;
    }

    /** Ready members answer; the leader is the one the simulated raft group elected (see {@link #elect}). */
    @Override
    public synchronized Map<String, Boolean> etcdLeadership(WorkloadRef ref) {
        Entry entry = workloads.get(key(ref));
        if (entry == null || !entry.etcd) {
            return Map.of();
        }
        advance(entry);
        long now = clock.millis();
        Map<String, Boolean> answers = new TreeMap<>();
        forEachPod(entry, (name, pod) -> {
            if (pod.ready(now)) {
                answers.put(name, pod == entry.leader);
            }
        });
        return answers;
    }

    @Override
    public synchronized void labelPods(WorkloadRef ref, Map<String, Map<String, String>> labelsByPod) {
        Entry entry = workloads.get(key(ref));
        if (entry != null) {
            forEachPod(entry, (name, pod) -> {
                Map<String, String> set = labelsByPod.get(name);
                if (set != null) {
                    pod.label(set);
                }
            });
        }
    }

    /** The pods the simulated controllers created or updated, oldest first (the most recent 64). */
    public synchronized List<PodChange> podChanges(WorkloadRef ref) {
        Entry entry = workloads.get(key(ref));
        if (entry == null) {
            return List.of();
        }
        advance(entry);
        return List.copyOf(entry.pods.changes);
    }

    /** The pod leading an etcd workload's raft group now, if one does. */
    public synchronized Optional<String> etcdLeader(WorkloadRef ref) {
        Entry entry = workloads.get(key(ref));
        if (entry == null || !entry.etcd) {
            return Optional.empty();
        }
        advance(entry);
        String name = FieldPaths.string(entry.object, "metadata.name");
        return Optional.ofNullable(entry.leader).map(p -> name + "-" + p.ordinal);
    }

    /** The simulated pods of a workload, for tests and the fleet simulator's diagnostics. */
    public synchronized Optional<Map<String, List<String>>> podRevisions(WorkloadRef ref) {
        return Optional.ofNullable(workloads.get(key(ref))).map(e -> e.pods.revisions());
    }

    private void advance(Entry entry) {
        KruiseModel.Environment env = new KruiseModel.Environment(facts.nodes() == null ? 0 : facts.nodes(),
                matchedPods(entry.object));
        long now = clock.millis();
        entry.object.put("status", model.advance(entry.object, entry.pods, now, env));
        if (entry.etcd) {
            elect(entry, now);
        }
    }

    /**
     * The raft group of a simulated etcd: a leader stays while it runs, ready, on the revision it was elected on.
     * When it restarts (any update does, in place or not) or goes away, the ready members that make a quorum elect
     * the highest ordinal among them; without a quorum there is no leader until there is one.
     */
    private static void elect(Entry entry, long now) {
        List<SimPod> members = entry.pods.groups.values().stream().flatMap(List::stream).toList();
        SimPod leader = entry.leader;
        if (leader != null && members.contains(leader) && leader.ready(now)
                && leader.revision.equals(entry.leaderRevision)) {
            return;
        }
        List<SimPod> ready = members.stream().filter(p -> p.ready(now) && p != leader).toList();
        int replicas = FieldPaths.integer(entry.object, "spec.replicas", 1);
        if (ready.size() < replicas / 2 + 1) {
            entry.leader = null;
            entry.leaderRevision = null;
            return;
        }
        SimPod elected = ready.stream().max(Comparator.comparingInt((SimPod p) -> p.ordinal)).orElseThrow();
        entry.leader = elected;
        entry.leaderRevision = elected.revision;
    }

    /** An Advanced StatefulSet whose pods run a container named etcd. */
    private static boolean etcd(Map<String, Object> object) {
        return WorkloadKind.StatefulSet.name().equals(object.get("kind"))
                && KruiseModel.list(object, "spec.template.spec.containers").stream()
                        .anyMatch(c -> c instanceof Map<?, ?> m && "etcd".equals(m.get("name")));
    }

    private static void forEachPod(Entry entry, java.util.function.BiConsumer<String, SimPod> action) {
        String name = FieldPaths.string(entry.object, "metadata.name");
        entry.pods.groups.forEach((group, pods) -> pods.forEach(pod ->
                action.accept(name + (group.isEmpty() ? "" : "-" + group) + "-" + pod.ordinal, pod)));
    }

    /** The tag of the first container's image ({@code registry/kube-apiserver:v1.31.0} gives {@code v1.31.0}). */
    private static String imageTag(Map<String, Object> template) {
        return KruiseModel.list(template, "spec.containers").stream().filter(c -> c instanceof Map<?, ?>)
                .map(c -> String.valueOf(((Map<?, ?>) c).get("image")))
                .map(image -> image.lastIndexOf(':') > image.lastIndexOf('/')
                        ? image.substring(image.lastIndexOf(':') + 1) : null)
                .filter(Objects::nonNull).findFirst().orElse(null);
    }

    /** Compares {@code v1.30.4}-like versions numerically, part by part. */
    static int compareVersions(String a, String b) {
        String[] x = a.replaceFirst("^v", "").split("[.-]");
        String[] y = b.replaceFirst("^v", "").split("[.-]");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c;
            try {
                c = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
            } catch (NumberFormatException e) {
                c = x[i].compareTo(y[i]);
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
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
