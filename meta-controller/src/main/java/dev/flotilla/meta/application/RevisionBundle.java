package dev.flotilla.meta.application;

import dev.flotilla.api.agent.WorkloadKind;
import dev.flotilla.api.bundle.BundleOrder;
import dev.flotilla.api.kruise.ManifestValidator;
import dev.flotilla.meta.web.FlotillaException;
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

    private final String namespace;
    private final WorkloadKind kind;
    private final List<Map<String, Object>> base;
    private final List<CompiledOverride> overrides;
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
        List<CompiledOverride> compiled = new ArrayList<>();
        List<ClusterOverride> given = overrides == null ? List.of() : overrides;
        for (int i = 0; i < given.size(); i++) {
            compiled.add(CompiledOverride.compile(i, given.get(i), used));
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
        for (CompiledOverride o : overrides) {
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
        for (CompiledOverride o : overrides) {
            if (!o.matches(cluster)) {
                continue;
            }
            applied.add(o.index());
            String refused = o.applyTo(resources);
            if (refused != null) {
                return new Rendered.Refused(refused);
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

    /** For tests and logs. */
    @Override
    public String toString() {
        return "RevisionBundle" + Arrays.asList(base.size(), overrides.size(), placeholders);
    }
}
