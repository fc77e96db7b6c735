package dev.flotilla.agent.backend;

import dev.flotilla.api.agent.WorkloadKind;
import dev.flotilla.api.kruise.ApiVersions;
import java.util.Map;
import java.util.Optional;

/**
 * Names one object of any kind in a cluster (a bundle's resources); {@code namespace} is null for a cluster-scoped
 * object.
 */
public record ObjectRef(String apiVersion, String kind, String namespace, String name) {

    /** The group of {@code apiVersion}, empty for the core group ({@code v1}). */
    public String group() {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    /** {@code Kind.group}, or {@code Kind} in the core group: the form of ApplySet's contains-group-kinds. */
    public String groupKind() {
        return group().isEmpty() ? kind : kind + "." + group();
    }

    /** The identity of the object whatever version it is read at: group, kind, namespace and name. */
    public String key() {
        return groupKind() + "/" + (namespace == null ? "" : namespace) + "/" + name;
    }

    /** The Kruise kind this names, if it is one of the workloads the agent steps batch by batch. */
    public Optional<WorkloadKind> workloadKind() {
        return workloadKind(apiVersion, kind);
    }

    /** The workload this names, at the kind's storage version; only for a {@link #workloadKind() Kruise kind}. */
    public WorkloadRef workload() {
        WorkloadKind workload = workloadKind().orElseThrow();
        return new WorkloadRef(workload, ApiVersions.storage(workload), workload.namespaced() ? namespace : null,
                name);
    }

    /** The object a manifest names, in {@code namespace} when it is namespaced. */
    public static ObjectRef of(Map<String, Object> manifest, String namespace) {
        return new ObjectRef(FieldPaths.string(manifest, "apiVersion"), FieldPaths.string(manifest, "kind"),
                namespace, FieldPaths.string(manifest, "metadata.name"));
    }

    /** Whether {@code apiVersion} and {@code kind} name a Kruise workload ({@code apps.kruise.io}). */
    public static Optional<WorkloadKind> workloadKind(String apiVersion, String kind) {
        if (apiVersion == null || !apiVersion.startsWith("apps.kruise.io/")) {
            return Optional.empty();
        }
        for (WorkloadKind k : WorkloadKind.values()) {
            if (k.name().equals(kind)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return kind + " " + (namespace == null ? "" : namespace + "/") + name;
    }
}
