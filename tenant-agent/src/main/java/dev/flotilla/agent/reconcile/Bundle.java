package dev.flotilla.agent.reconcile;

import dev.flotilla.agent.backend.ClusterBackend;
import dev.flotilla.agent.backend.FieldPaths;
import dev.flotilla.agent.backend.ObjectRef;
import dev.flotilla.agent.backend.Scope;
import dev.flotilla.api.agent.WorkItem;
import dev.flotilla.api.agent.WorkloadKind;
import dev.flotilla.api.kruise.ApiVersions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A bundle item's resources as this cluster names them, in the item's apply order: each object's scope decides
 * whether it takes a namespace (its own, else the application's) or none; the Kruise workloads among them are named
 * at their kind's storage version, the version the agent reads their status at.
 */
record Bundle(List<Entry> entries) {

    /**
     * One resource. {@code scope} is {@link Scope#UNKNOWN} while the cluster does not serve its kind (a CRD of the
     * same bundle not established yet); {@code workload} is its Kruise kind, or null for every other kind.
     */
    record Entry(ObjectRef ref, Map<String, Object> manifest, Scope scope, WorkloadKind workload) {
        boolean isWorkload() {
            return workload != null;
        }
    }

    /** Resolves every resource; a resource without apiVersion, kind or name is an {@link IllegalArgumentException}. */
    static Bundle of(WorkItem item, ClusterBackend backend) {
        List<Entry> entries = new ArrayList<>();
        List<Map<String, Object>> resources = item.resources() == null ? List.of() : item.resources();
        for (int i = 0; i < resources.size(); i++) {
            Map<String, Object> manifest = resources.get(i);
            String apiVersion = FieldPaths.string(manifest, "apiVersion");
            String kind = FieldPaths.string(manifest, "kind");
            String name = FieldPaths.string(manifest, "metadata.name");
            if (apiVersion == null || kind == null || name == null) {
                throw new IllegalArgumentException("resources[" + i + "] lacks apiVersion, kind or metadata.name");
            }
            entries.add(entry(item, backend, manifest, apiVersion, kind, name));
        }
        return new Bundle(List.copyOf(entries));
    }

    private static Entry entry(WorkItem item, ClusterBackend backend, Map<String, Object> manifest,
            String apiVersion, String kind, String name) {
        String namespace = FieldPaths.string(manifest, "metadata.namespace");
        String inNamespace = namespace != null ? namespace : item.namespace();
        Optional<WorkloadKind> workload = ObjectRef.workloadKind(apiVersion, kind);
        if (workload.isPresent()) {
            boolean namespaced = workload.get().namespaced();
            return new Entry(new ObjectRef(ApiVersions.storage(workload.get()), kind, namespaced ? inNamespace : null,
                    name), manifest, namespaced ? Scope.NAMESPACED : Scope.CLUSTER, workload.get());
        }
        Scope scope = backend.scope(apiVersion, kind);
        String resolved = scope == Scope.CLUSTER ? null : inNamespace;
        return new Entry(new ObjectRef(apiVersion, kind, resolved, name), manifest, scope, null);
    }

    List<Entry> workloads() {
        return entries.stream().filter(Entry::isWorkload).toList();
    }

    boolean holds(ObjectRef ref) {
        return entries.stream().anyMatch(e -> e.ref().key().equals(ref.key()));
    }

    /** Whether the bundle holds the CustomResourceDefinition of {@code ref}'s kind (then the kind may come soon). */
    boolean defines(ObjectRef ref) {
        return entries.stream().anyMatch(e -> "CustomResourceDefinition".equals(e.ref().kind())
                && ref.group().equals(FieldPaths.string(e.manifest(), "spec.group"))
                && ref.kind().equals(FieldPaths.string(e.manifest(), "spec.names.kind")));
    }
}
