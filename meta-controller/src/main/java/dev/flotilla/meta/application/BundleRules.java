package dev.flotilla.meta.application;

import dev.flotilla.api.agent.WorkloadKind;
import dev.flotilla.api.bundle.BundleScopes;
import dev.flotilla.api.bundle.ResourceId;
import dev.flotilla.api.bundle.ResourceKinds;
import dev.flotilla.api.kruise.ManifestValidator;
import dev.flotilla.meta.web.FlotillaException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.IntFunction;

/**
 * What a bundle must satisfy before it is accepted as a revision (and again once overrides changed a cluster's copy);
 * the first broken rule is a bad-input problem naming the resource's index.
 * <ul>
 *   <li>every resource has a non-empty string {@code apiVersion}, {@code kind} and {@code metadata.name};</li>
 *   <li>a resource of a cluster-scoped kind ({@link BundleScopes}) has no {@code metadata.namespace};</li>
 *   <li>a namespaced resource without {@code metadata.namespace} goes to the application's namespace; one that
 *       names another namespace explicitly goes there, except a Kruise workload, which runs in the application's
 *       namespace (its work item carries that namespace);</li>
 *   <li>no two resources are the same object (API group, kind, namespace and name);</li>
 *   <li>every Kruise workload passes the rules of its kind ({@link ManifestValidator});</li>
 *   <li>when the application has a kind, the bundle's first Kruise workload is of that kind.</li>
 * </ul>
 */
final class BundleRules {

    private static final int MAX_NAME = 253;

    private BundleRules() {
    }

    /**
     * Checks the resources and answers copies with the namespace filled in where the application's applies.
     *
     * @param label how a problem names the resource at an index ({@code resources[2]}, or {@code manifest})
     */
    static List<Map<String, Object>> check(String namespace, WorkloadKind kind, List<Map<String, Object>> resources,
            IntFunction<String> label) {
        return check(namespace, kind, resources, label, ManifestValidator::validate);
    }

    /** @param workloadRules the Kruise rules (a caller rendering many alike copies may remember their answers) */
    static List<Map<String, Object>> check(String namespace, WorkloadKind kind, List<Map<String, Object>> resources,
            IntFunction<String> label, BiFunction<WorkloadKind, Map<String, Object>, List<String>> workloadRules) {
        if (resources == null || resources.isEmpty()) {
            throw FlotillaException.badInput("resources: at least one resource is required").with("field", "resources");
        }
        BundleScopes scopes = BundleScopes.of(resources.stream().filter(r -> r != null).toList());
        List<Map<String, Object>> checked = new ArrayList<>(resources.size());
        Map<ResourceId, Integer> seen = new HashMap<>();
        for (int i = 0; i < resources.size(); i++) {
            Map<String, Object> resource = placed(resources.get(i), namespace, scopes, label, i);
            Integer earlier = seen.putIfAbsent(ResourceId.of(resource), i);
            if (earlier != null) {
                throw invalid(label, i, "is the same object (" + ResourceId.of(resource) + ") as "
                        + label.apply(earlier)).with("duplicateOf", earlier);
            }
            checked.add(resource);
        }
        checkApplicationKind(kind, checked, label);
        for (int i = 0; i < checked.size(); i++) {
            checkWorkload(checked.get(i), label, i, workloadRules);
        }
        return checked;
    }

    private static Map<String, Object> placed(Map<String, Object> resource, String namespace, BundleScopes scopes,
            IntFunction<String> label, int i) {
        if (resource == null || resource.isEmpty()) {
            throw invalid(label, i, "must be a Kubernetes object");
        }
        String apiVersion = required(resource.get("apiVersion"), "apiVersion", label, i);
        String kind = required(resource.get("kind"), "kind", label, i);
        if (!(resource.get("metadata") instanceof Map<?, ?> metadata)) {
            throw invalid(label, i, "metadata.name: required");
        }
        String name = required(metadata.get("name"), "metadata.name", label, i);
        if (name.length() > MAX_NAME) {
            throw invalid(label, i, "metadata.name: longer than " + MAX_NAME + " characters");
        }
        Object given = metadata.get("namespace");
        if (given != null && (!(given instanceof String s) || s.isBlank())) {
            throw invalid(label, i, "metadata.namespace: must be a non-empty string when given");
        }
        Map<String, Object> copy = copy(resource);
        if (scopes.clusterScoped(apiVersion, kind)) {
            if (given != null) {
                throw invalid(label, i, "metadata.namespace: " + kind + " is cluster-scoped and takes no namespace");
            }
            return copy;
        }
        Optional<WorkloadKind> workload = ResourceKinds.kruiseWorkload(apiVersion, kind);
        if (given != null && workload.isPresent() && !namespace.equals(given)) {
            throw invalid(label, i, "metadata.namespace '" + given + "' differs from the application's namespace '"
                    + namespace + "': a Kruise workload runs in the application's namespace");
        }
        if (given == null) {
            metadata(copy).put("namespace", namespace);
        }
        return copy;
    }

    private static void checkApplicationKind(WorkloadKind kind, List<Map<String, Object>> resources,
            IntFunction<String> label) {
        if (kind == null) {
            return;
        }
        for (int i = 0; i < resources.size(); i++) {
            Optional<WorkloadKind> workload = ResourceKinds.kruiseWorkload(resources.get(i));
            if (workload.isPresent()) {
                if (workload.get() != kind) {
                    throw invalid(label, i, "kind '" + workload.get() + "' does not match the application's kind '"
                            + kind + "' (the first Kruise workload of the bundle must be of that kind)");
                }
                return;
            }
        }
        throw FlotillaException.badInput("resources: the bundle holds no Kruise workload, but the application's kind "
                + "is '" + kind + "' (apiVersion " + kind.apiVersion() + ")").with("field", "resources");
    }

    private static void checkWorkload(Map<String, Object> resource, IntFunction<String> label, int i,
            BiFunction<WorkloadKind, Map<String, Object>, List<String>> workloadRules) {
        Optional<WorkloadKind> workload = ResourceKinds.kruiseWorkload(resource);
        if (workload.isEmpty()) {
            return;
        }
        List<String> problems = workloadRules.apply(workload.get(), resource);
        if (!problems.isEmpty()) {
            throw FlotillaException.badInput(label.apply(i) + " is invalid: " + String.join("; ", problems))
                    .with("field", label.apply(i)).with("index", i).with("problems", problems);
        }
    }

    private static String required(Object value, String field, IntFunction<String> label, int i) {
        if (!(value instanceof String s) || s.isBlank()) {
            throw invalid(label, i, field + ": required");
        }
        return s;
    }

    private static FlotillaException invalid(IntFunction<String> label, int i, String what) {
        return FlotillaException.badInput(label.apply(i) + ": " + what).with("field", label.apply(i)).with("index", i);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> metadata(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("metadata");
    }

    @SuppressWarnings("unchecked")
    static <T> T copy(T value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), copy(v)));
            return (T) copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(copy(v)));
            return (T) copy;
        }
        return value;
    }
}
