package dev.flotilla.meta.application;

import dev.flotilla.api.agent.WorkloadKind;
import dev.flotilla.api.bundle.BundleOrder;
import dev.flotilla.api.kruise.ManifestValidator;
import dev.flotilla.meta.cluster.ClusterSelection;
import dev.flotilla.meta.cluster.LabelSelector;
import dev.flotilla.meta.web.FlotillaException;
import jakarta.json.JsonException;
import jakarta.json.JsonPatch;
import jakarta.json.JsonMergePatch;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A revision ready to render for any cluster: its bundle checked, its overrides' selectors and patches parsed and the
 * placeholders it uses known. Building one checks everything that does not depend on a cluster (a bad-input problem
 * naming the resource or override); {@link #render} then adds what does: which overrides match, whether their
 * patches apply and whether the result still passes the rules.
 */
final class RevisionBundle {

    private static final Set<String> OPS = Set.of("add", "remove", "replace", "move", "copy", "test");

    /** An override with its selection and patches parsed. */
    private record Compiled(int index, LabelSelector selector, ClusterSelection clusters, List<Step> steps) {

        boolean matches(RenderTarget cluster) {
            if (clusters == null) {
                return true;
            }
            Map<String, String> labels = cluster.labels() == null ? Map.of() : cluster.labels();
            return selector.matches(labels)
                    && (clusters.names() == null || clusters.names().isEmpty()
                    || clusters.names().contains(cluster.name()))
                    && (clusters.excludeNames() == null || !clusters.excludeNames().contains(cluster.name()));
        }
    }

    /** One patch: its target and either a merge patch or a JSON patch. */
    private record Step(String where, ClusterOverride.Target target, JsonMergePatch merge, JsonPatch json) {
    }

    private final String namespace;
    private final WorkloadKind kind;
    private final List<Map<String, Object>> base;
    private final List<Compiled> overrides;
    private final List<String> placeholders;
    /**
     * The Kruise rules' answers by workload manifest: most clusters' copies of a workload are alike, and reading one
     * into its typed model costs far more than hashing it. Bounded; a bundle renders on one thread.
     */
    private final Map<Map<String, Object>, List<String>> workloadProblems = new HashMap<>();

    /** Checks the bundle and its overrides; throws a bad-input problem for the first one broken. */
    RevisionBundle(String namespace, WorkloadKind kind, List<Map<String, Object>> resources,
            List<ClusterOverride> overrides, boolean oneManifest) {
        this.namespace = namespace;
        this.kind = kind;
        this.base = BundleRules.check(namespace, kind, resources,
                oneManifest ? i -> "manifest" : i -> "resources[" + i + "]");
        Set<String> used = new LinkedHashSet<>();
        for (int i = 0; i < base.size(); i++) {
            used.addAll(Placeholders.used(base.get(i), oneManifest ? "manifest" : "resources[" + i + "]"));
        }
        List<Compiled> compiled = new ArrayList<>();
        List<ClusterOverride> given = overrides == null ? List.of() : overrides;
        for (int i = 0; i < given.size(); i++) {
            compiled.add(compile(i, given.get(i), used));
        }
        this.overrides = List.copyOf(compiled);
        this.placeholders = List.copyOf(used);
    }

    /** Whether clusters may get different bundles (overrides or placeholders); if not, every cluster gets one. */
    boolean perCluster() {
        return !overrides.isEmpty() || !placeholders.isEmpty();
    }

    /**
     * What decides a cluster's bundle: the overrides it matches and the values of the placeholders used. Clusters
     * with equal keys get equal bundles, so a batch renders each key once.
     */
    List<Object> key(RenderTarget cluster) {
        List<Object> key = new ArrayList<>(overrides.size() + placeholders.size());
        for (Compiled o : overrides) {
            key.add(o.matches(cluster));
        }
        for (String p : placeholders) {
            key.add(Placeholders.value(p, cluster));
        }
        return key;
    }

    /** Each cluster's bundle, rendered once per {@linkplain #key key}; equal keys share one {@link Rendered}. */
    Map<Long, Rendered> renderAll(List<RenderTarget> clusters) {
        Map<List<Object>, Rendered> byKey = new HashMap<>();
        Map<Long, Rendered> result = new HashMap<>();
        for (RenderTarget cluster : clusters) {
            result.put(cluster.clusterId(), byKey.computeIfAbsent(key(cluster), k -> render(cluster)));
        }
        return result;
    }

    /** The cluster's copy: matching overrides' patches in order, then its facts substituted, checked again. */
    Rendered render(RenderTarget cluster) {
        List<Map<String, Object>> resources = new ArrayList<>(base);
        List<Integer> applied = new ArrayList<>();
        for (Compiled o : overrides) {
            if (!o.matches(cluster)) {
                continue;
            }
            applied.add(o.index());
            for (Step step : o.steps()) {
                String refused = apply(step, resources);
                if (refused != null) {
                    return new Rendered.Refused(refused);
                }
            }
        }
        List<Map<String, Object>> substituted = new ArrayList<>(resources.size());
        try {
            for (Map<String, Object> resource : resources) {
                substituted.add(substitute(resource, cluster));
            }
        } catch (Placeholders.Missing e) {
            return new Rendered.Refused(e.getMessage());
        }
        try {
            return new Rendered.Bundle(BundleOrder.applyOrder(
                    BundleRules.check(namespace, kind, substituted, i -> "resources[" + i + "]", this::workloadRules)));
        } catch (FlotillaException e) {
            return new Rendered.Refused((applied.isEmpty() ? "" : "after overrides" + applied + ", ") + e.getMessage());
        }
    }

    private List<String> workloadRules(WorkloadKind workload, Map<String, Object> manifest) {
        List<String> known = workloadProblems.get(manifest);
        if (known == null) {
            known = ManifestValidator.validate(workload, manifest);
            if (workloadProblems.size() >= 1000) {
                workloadProblems.clear();
            }
            workloadProblems.put(BundleRules.copy(manifest), known);
        }
        return known;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> substitute(Map<String, Object> resource, RenderTarget cluster) {
        return (Map<String, Object>) Placeholders.substitute(resource, cluster);
    }

    /** Applies one patch to every resource it targets; answers why it does not apply, or null. */
    private static String apply(Step step, List<Map<String, Object>> resources) {
        boolean found = false;
        for (int i = 0; i < resources.size(); i++) {
            Map<String, Object> resource = resources.get(i);
            if (!targets(step.target(), resource)) {
                continue;
            }
            found = true;
            try {
                JsonValue patched = step.merge() != null ? step.merge().apply(JsonValues.of(resource))
                        : step.json().apply(JsonValues.of(resource).asJsonObject());
                if (patched.getValueType() != JsonValue.ValueType.OBJECT) {
                    return step.where() + ": the patch leaves " + describe(step.target()) + " no object";
                }
                resources.set(i, JsonValues.toMap(patched));
            } catch (JsonException | ClassCastException e) {
                return step.where() + " does not apply to " + describe(step.target()) + ": " + e.getMessage();
            }
        }
        return found ? null : step.where() + ": no resource of kind '" + step.target().kind() + "' named '"
                + step.target().name() + "'" + (step.target().namespace() == null ? ""
                : " in namespace '" + step.target().namespace() + "'");
    }

    private static boolean targets(ClusterOverride.Target target, Map<String, Object> resource) {
        Map<?, ?> metadata = resource.get("metadata") instanceof Map<?, ?> m ? m : Map.of();
        return target.kind().equals(resource.get("kind")) && target.name().equals(metadata.get("name"))
                && (target.namespace() == null || target.namespace().equals(metadata.get("namespace")));
    }

    private static String describe(ClusterOverride.Target target) {
        return target.kind() + " " + (target.namespace() == null ? "" : target.namespace() + "/") + target.name();
    }

    private static Compiled compile(int index, ClusterOverride override, Set<String> used) {
        String where = "overrides[" + index + "]";
        if (override == null || override.patches() == null || override.patches().isEmpty()) {
            throw bad(where + ".patches", "at least one patch is required");
        }
        LabelSelector selector;
        try {
            selector = override.clusters() == null ? LabelSelector.everything()
                    : LabelSelector.parse(override.clusters().selector());
        } catch (FlotillaException e) {
            throw bad(where + ".clusters.selector", e.getMessage());
        }
        List<Step> steps = new ArrayList<>();
        for (int j = 0; j < override.patches().size(); j++) {
            String at = where + ".patches[" + j + "]";
            steps.add(step(at, override.patches().get(j)));
            used.addAll(Placeholders.used(override.patches().get(j).mergePatch(), at));
            used.addAll(Placeholders.used(override.patches().get(j).jsonPatch(), at));
        }
        return new Compiled(index, selector, override.clusters(), List.copyOf(steps));
    }

    private static Step step(String at, ClusterOverride.Patch patch) {
        if (patch == null || patch.target() == null || blank(patch.target().kind()) || blank(patch.target().name())) {
            throw bad(at + ".target", "kind and name are required");
        }
        if ((patch.mergePatch() == null) == (patch.jsonPatch() == null)) {
            throw bad(at, "give exactly one of mergePatch (RFC 7386) and jsonPatch (RFC 6902)");
        }
        if (patch.mergePatch() != null) {
            return new Step(at, patch.target(), JsonValues.JSON.createMergePatch(JsonValues.of(patch.mergePatch())), null);
        }
        for (int k = 0; k < patch.jsonPatch().size(); k++) {
            checkOperation(at + ".jsonPatch[" + k + "]", patch.jsonPatch().get(k));
        }
        return new Step(at, patch.target(), null,
                JsonValues.JSON.createPatch(JsonValues.of(patch.jsonPatch()).asJsonArray()));
    }

    /** RFC 6902 section 4: an operation's members, checked before a cluster meets it. */
    private static void checkOperation(String at, Map<String, Object> op) {
        if (op == null || !(op.get("op") instanceof String name) || !OPS.contains(name)) {
            throw bad(at + ".op", "must be one of " + new java.util.TreeSet<>(OPS));
        }
        pointer(at + ".path", op.get("path"));
        if (Set.of("add", "replace", "test").contains(name) && !op.containsKey("value")) {
            throw bad(at + ".value", "required for '" + name + "'");
        }
        if (Set.of("move", "copy").contains(name)) {
            pointer(at + ".from", op.get("from"));
        }
    }

    private static void pointer(String at, Object value) {
        if (!(value instanceof String p)) {
            throw bad(at, "a JSON pointer (RFC 6901) is required");
        }
        try {
            JsonValues.JSON.createPointer(p);
        } catch (JsonException e) {
            throw bad(at, "not a JSON pointer (RFC 6901): " + e.getMessage());
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static FlotillaException bad(String field, String why) {
        return FlotillaException.badInput(field + ": " + why).with("field", field);
    }

    /** For tests and logs. */
    @Override
    public String toString() {
        return "RevisionBundle" + Arrays.asList(base.size(), overrides.size(), placeholders);
    }
}
