package dev.flotilla.api.kruise;

import dev.flotilla.api.agent.WorkloadKind;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * Checks a Kruise workload manifest against the rules of its kind before it is accepted as a revision or applied,
 * so that Kruise's admission webhook never has to refuse it in a tenant cluster.
 */
public final class ManifestValidator {

    private static final AtomicBoolean PREPARED = new AtomicBoolean();

    private ManifestValidator() {
    }

    /**
     * Builds what reading each kind takes, ahead of the first manifest: the JSON readers of a kind's typed model (a
     * CloneSet's reaches most of the Kubernetes pod API) are built on its first read, and cached. On an agent that
     * only just started that first read took 0.7 s of one of its two threads, with the answers of every other work
     * item behind it (measured in the fleet simulator's first rollout, docs/benchmarks.md change 50). Only the first
     * call does the work; later calls return at once.
     */
    public static void prepare() {
        if (!PREPARED.compareAndSet(false, true)) {
            return;
        }
        for (WorkloadKind kind : WorkloadKind.values()) {
            validate(kind, preparing(kind));
        }
    }

    /** A header the kind accepts and no spec: its typed model's reader is built whole, its rules find no spec. */
    static Map<String, Object> preparing(WorkloadKind kind) {
        return Map.of("apiVersion", ApiVersions.served(kind).get(0), "kind", kind.name(),
                "metadata", Map.of("name", "prepare", "namespace", "prepare"));
    }

    /**
     * Validates a manifest of the given kind.
     *
     * @return human-readable problems, each {@code "<field path>: <what is wrong>"}; empty when the manifest is valid.
     *     Never throws: a manifest that cannot even be read gives one problem saying where and why.
     */
    public static List<String> validate(WorkloadKind kind, Map<String, Object> manifest) {
        if (kind == null) {
            return List.of("kind: no workload kind given");
        }
        if (manifest == null || manifest.isEmpty()) {
            return List.of("manifest: required");
        }
        Problems problems = new Problems();
        try {
            if (ManifestHeader.check(kind, manifest, problems)) {
                checkKind(kind, manifest, problems);
            }
        } catch (RuntimeException e) {
            // The rules are written null-safe; this is the last guard of the "never throws" promise.
            problems.add("manifest", "could not be validated: " + e);
        }
        return problems.list();
    }

    private static void checkKind(WorkloadKind kind, Map<String, Object> manifest, Problems problems) {
        switch (kind) {
            case CloneSet -> readThen(manifest, CloneSet.class, kind, problems, CloneSetRules::check);
            case StatefulSet -> readThen(manifest, AdvancedStatefulSet.class, kind, problems, StatefulSetRules::check);
            case UnitedDeployment ->
                    readThen(manifest, UnitedDeployment.class, kind, problems, UnitedDeploymentRules::check);
            case SidecarSet -> readThen(manifest, SidecarSet.class, kind, problems, SidecarSetRules::check);
            case BroadcastJob -> readThen(manifest, BroadcastJob.class, kind, problems, BroadcastJobRules::check);
        }
    }

    private static <T> void readThen(Map<String, Object> manifest, Class<T> type, WorkloadKind kind,
            Problems problems, BiConsumer<T, Problems> rules) {
        T typed = ManifestReader.read(manifest, type, kind.name(), problems);
        if (typed != null) {
            rules.accept(typed, problems);
        }
    }
}
