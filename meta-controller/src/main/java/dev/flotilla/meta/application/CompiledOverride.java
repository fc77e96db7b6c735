package dev.flotilla.meta.application;

import dev.flotilla.meta.cluster.ClusterSelection;
import dev.flotilla.meta.cluster.LabelSelector;
import dev.flotilla.meta.web.FlotillaException;
import jakarta.json.JsonException;
import jakarta.json.JsonMergePatch;
import jakarta.json.JsonPatch;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An override with its selection and patches parsed: which clusters it matches and what it does to their copy.
 * Patches are RFC 7386 merge patches and RFC 6902 JSON patches as Jakarta JSON Processing (Eclipse Parsson) applies
 * them.
 */
final class CompiledOverride {

    static final String REGION_LABEL = "topology.kubernetes.io/region";
    static final String ZONE_LABEL = "topology.kubernetes.io/zone";
    private static final Set<String> OPS = Set.of("add", "remove", "replace", "move", "copy", "test");

    /** One patch: its target and either a merge patch or a JSON patch. */
    private record Step(String where, ClusterOverride.Target target, JsonMergePatch merge, JsonPatch json) {
    }

    private final int index;
    private final LabelSelector selector;
    private final ClusterSelection clusters;
    private final List<Step> steps;

    private CompiledOverride(int index, LabelSelector selector, ClusterSelection clusters, List<Step> steps) {
        this.index = index;
        this.selector = selector;
        this.clusters = clusters;
        this.steps = steps;
    }

    int index() {
        return index;
    }

    /** Whether the cluster matches the selector and the names (when given), and is not excluded. */
    boolean matches(RenderTarget cluster) {
        if (clusters == null) {
            return true;
        }
        return selector.matches(selectable(cluster))
                && (clusters.names() == null || clusters.names().isEmpty() || clusters.names().contains(cluster.name()))
                && (clusters.excludeNames() == null || !clusters.excludeNames().contains(cluster.name()));
    }

    /**
     * The labels an override's selector sees: the cluster's own, plus its region and zone as Kubernetes' well-known
     * topology labels ({@code topology.kubernetes.io/region}, {@code topology.kubernetes.io/zone}) unless its own
     * labels set them, so a per-region override needs no label copied from the inventory's region.
     */
    static Map<String, String> selectable(RenderTarget cluster) {
        Map<String, String> labels = new java.util.HashMap<>();
        if (cluster.region() != null) {
            labels.put(REGION_LABEL, cluster.region());
        }
        if (cluster.zone() != null) {
            labels.put(ZONE_LABEL, cluster.zone());
        }
        if (cluster.labels() != null) {
            labels.putAll(cluster.labels());
        }
        return labels;
    }

    /** Applies the patches in order to the resources (replacing the patched ones); answers why one does not apply. */
    String applyTo(List<Map<String, Object>> resources) {
        for (Step step : steps) {
            String refused = apply(step, resources);
            if (refused != null) {
                return refused;
            }
        }
        return null;
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

    static CompiledOverride compile(int index, ClusterOverride override, Set<String> used) {
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
        return new CompiledOverride(index, selector, override.clusters(), List.copyOf(steps));
    }

    private static Step step(String at, ClusterOverride.Patch patch) {
        if (patch == null || patch.target() == null || blank(patch.target().kind()) || blank(patch.target().name())) {
            throw bad(at + ".target", "kind and name are required");
        }
        if ((patch.mergePatch() == null) == (patch.jsonPatch() == null)) {
            throw bad(at, "give exactly one of mergePatch (RFC 7386) and jsonPatch (RFC 6902)");
        }
        if (patch.mergePatch() != null) {
            return new Step(at, patch.target(), JsonValues.JSON.createMergePatch(JsonValues.of(patch.mergePatch())),
                    null);
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
            throw bad(at + ".op", "must be one of " + new TreeSet<>(OPS));
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
}
