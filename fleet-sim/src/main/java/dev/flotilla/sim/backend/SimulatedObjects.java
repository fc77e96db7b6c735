package dev.flotilla.sim.backend;

import dev.flotilla.agent.backend.BuiltinKinds;
import dev.flotilla.agent.backend.FieldPaths;
import dev.flotilla.agent.backend.ObjectRef;
import dev.flotilla.agent.backend.Scope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The objects of a simulated cluster other than Kruise workloads (a bundle's Namespaces, ConfigMaps, Services...),
 * held as the API server would: the built-in kinds are served, and so is every kind a stored
 * CustomResourceDefinition defines (at the versions it serves, with its scope). An apply replaces the object's
 * fields and merges its labels and annotations, as the agent's create-or-replace does; no controller acts on them.
 * Not thread-safe: the simulated cluster calls it under its own lock.
 */
final class SimulatedObjects {

    private static final String CRD_GROUP_KIND = "CustomResourceDefinition.apiextensions.k8s.io";

    private final Map<String, Map<String, Object>> objects = new LinkedHashMap<>();
    private long resourceVersion;

    Scope scope(String apiVersion, String kind) {
        Optional<BuiltinKinds.Kind> builtin = BuiltinKinds.of(apiVersion, kind);
        if (builtin.isPresent()) {
            return builtin.get().namespaced() ? Scope.NAMESPACED : Scope.CLUSTER;
        }
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = apiVersion.substring(slash + 1);
        for (Map<String, Object> crd : objects.values()) {
            if (CRD_GROUP_KIND.equals(groupKind(crd)) && group.equals(FieldPaths.string(crd, "spec.group"))
                    && kind.equals(FieldPaths.string(crd, "spec.names.kind")) && serves(crd, version)) {
                return "Cluster".equals(FieldPaths.string(crd, "spec.scope")) ? Scope.CLUSTER : Scope.NAMESPACED;
            }
        }
        return Scope.UNKNOWN;
    }

    private static boolean serves(Map<String, Object> crd, String version) {
        return FieldPaths.get(crd, "spec.versions") instanceof List<?> versions && versions.stream()
                .anyMatch(v -> v instanceof Map<?, ?> m && version.equals(m.get("name"))
                        && !Boolean.FALSE.equals(m.get("served")));
    }

    /** Stores the manifest's fields; the object as stored (a copy). */
    Map<String, Object> apply(ObjectRef ref, Map<String, Object> manifest) {
        Map<String, Object> applied = FieldPaths.deepCopy(manifest);
        applied.remove("status");
        Map<String, Object> live = objects.get(ref.key());
        Map<String, Object> metadata = new LinkedHashMap<>(FieldPaths.map(applied, "metadata"));
        if (live == null) {
            metadata.put("uid", UUID.randomUUID().toString());
            metadata.put("generation", 1L);
        } else {
            Map<String, Object> before = FieldPaths.map(live, "metadata");
            metadata.put("uid", before.get("uid"));
            metadata.put("labels", merged(before.get("labels"), metadata.get("labels")));
            metadata.put("annotations", merged(before.get("annotations"), metadata.get("annotations")));
            long generation = FieldPaths.longValue(live, "metadata.generation");
            metadata.put("generation", Objects.equals(live.get("spec"), applied.get("spec")) ? generation
                    : generation + 1);
        }
        metadata.put("resourceVersion", String.valueOf(++resourceVersion));
        applied.put("metadata", metadata);
        objects.put(ref.key(), applied);
        return FieldPaths.deepCopy(applied);
    }

    Optional<Map<String, Object>> read(ObjectRef ref) {
        return Optional.ofNullable(objects.get(ref.key())).map(FieldPaths::deepCopy);
    }

    /**
     * Deletes the object; a Namespace takes the objects in it along (the namespace controller), a
     * CustomResourceDefinition the objects of its kind (the API server drops its storage).
     */
    void delete(ObjectRef ref) {
        Map<String, Object> gone = objects.remove(ref.key());
        if (gone == null) {
            return;
        }
        if ("Namespace".equals(ref.groupKind())) {
            objects.values().removeIf(o -> ref.name().equals(FieldPaths.string(o, "metadata.namespace")));
        } else if (CRD_GROUP_KIND.equals(ref.groupKind())) {
            String group = FieldPaths.string(gone, "spec.group");
            String kind = FieldPaths.string(gone, "spec.names.kind");
            objects.values().removeIf(o -> kind != null && kind.equals(o.get("kind"))
                    && String.valueOf(o.get("apiVersion")).startsWith(group + "/"));
        }
    }

    /** Copies of every object, in the order they were first stored. */
    List<Map<String, Object>> all() {
        List<Map<String, Object>> copies = new ArrayList<>();
        objects.values().forEach(o -> copies.add(FieldPaths.deepCopy(o)));
        return copies;
    }

    private static String groupKind(Map<String, Object> object) {
        return ObjectRef.of(object, null).groupKind();
    }

    private static Map<String, Object> merged(Object live, Object ours) {
        Map<String, Object> all = new LinkedHashMap<>();
        if (live instanceof Map<?, ?> l) {
            l.forEach((k, v) -> all.put(String.valueOf(k), v));
        }
        if (ours instanceof Map<?, ?> o) {
            o.forEach((k, v) -> all.put(String.valueOf(k), v));
        }
        return all;
    }
}
