package dev.flotilla.meta.application;

import dev.flotilla.api.bundle.ResourceId;
import dev.flotilla.meta.token.ApiCaller;
import dev.flotilla.meta.web.FlotillaException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A revision as a cluster gets it, and what changes for a cluster between two revisions. */
@Service
public class BundleViews {

    private final ApplicationService applications;
    private final BundleRendering rendering;

    BundleViews(ApplicationService applications, BundleRendering rendering) {
        this.applications = applications;
        this.rendering = rendering;
    }

    @Transactional(readOnly = true)
    public RenderedBundle rendered(ApiCaller caller, String name, int revision, String cluster) {
        Application app = applications.get(caller, name);
        RenderTarget target = target(caller, cluster);
        Rendered rendered = render(app, revision, target);
        return rendered instanceof Rendered.Bundle b
                ? new RenderedBundle(app.name(), revision, target.name(), b.resources(), null)
                : new RenderedBundle(app.name(), revision, target.name(), null, ((Rendered.Refused) rendered).message());
    }

    /** @param from the revision to compare from; null for the one before {@code to} */
    @Transactional(readOnly = true)
    public BundleDiff diff(ApiCaller caller, String name, int to, Integer from, String cluster) {
        Application app = applications.get(caller, name);
        int since = from == null ? to - 1 : from;
        if (since < 0) {
            throw FlotillaException.badInput("from: must be a revision number, or 0 for nothing").with("field", "from");
        }
        RenderTarget target = target(caller, cluster);
        Map<ResourceId, Map<String, Object>> after = byId(app, to, target);
        Map<ResourceId, Map<String, Object>> before = since == 0 ? Map.of() : byId(app, since, target);
        List<Map<String, Object>> added = new ArrayList<>();
        List<BundleDiff.Changed> changed = new ArrayList<>();
        int unchanged = 0;
        for (Map.Entry<ResourceId, Map<String, Object>> e : after.entrySet()) {
            Map<String, Object> old = before.get(e.getKey());
            if (old == null) {
                added.add(e.getValue());
            } else if (old.equals(e.getValue())) {
                unchanged++;
            } else {
                changed.add(changed(e.getKey(), old, e.getValue()));
            }
        }
        List<Map<String, Object>> removed = before.entrySet().stream().filter(e -> !after.containsKey(e.getKey()))
                .map(Map.Entry::getValue).toList();
        return new BundleDiff(app.name(), target.name(), since, to, added, changed, removed, unchanged);
    }

    @SuppressWarnings("unchecked")
    private static BundleDiff.Changed changed(ResourceId id, Map<String, Object> old, Map<String, Object> now) {
        List<Map<String, Object>> patch = (List<Map<String, Object>>) JsonValues.toJava(JsonValues.JSON.createDiff(
                JsonValues.of(old).asJsonObject(), JsonValues.of(now).asJsonObject()).toJsonArray());
        return new BundleDiff.Changed((String) now.get("apiVersion"), id.kind(), id.namespace(), id.name(), patch);
    }

    /** The cluster's bundle of a revision by object, in apply order; a 409 when the revision does not apply there. */
    private Map<ResourceId, Map<String, Object>> byId(Application app, int revision, RenderTarget target) {
        Rendered rendered = render(app, revision, target);
        if (rendered instanceof Rendered.Refused r) {
            throw FlotillaException.conflict("revision " + revision + " does not apply to cluster '" + target.name()
                    + "': " + r.message()).with("cluster", target.name()).with("revision", revision);
        }
        Map<ResourceId, Map<String, Object>> byId = new LinkedHashMap<>();
        ((Rendered.Bundle) rendered).resources().forEach(r -> byId.put(ResourceId.of(r), r));
        return byId;
    }

    private Rendered render(Application app, int revision, RenderTarget target) {
        RevisionBundle bundle;
        try {
            bundle = rendering.bundle(app, revision).orElseThrow(() -> FlotillaException.notFound("revision",
                    app.name() + "/" + revision).with("application", app.name()));
        } catch (FlotillaException e) {
            if (e.problem() == FlotillaException.Problem.NOT_FOUND) {
                throw e;
            }
            return new Rendered.Refused("revision " + revision + " no longer passes the rules: " + e.getMessage());
        }
        return bundle.render(target);
    }

    private RenderTarget target(ApiCaller caller, String cluster) {
        if (cluster == null || cluster.isBlank()) {
            throw FlotillaException.badInput("cluster: required (the cluster to render for)").with("field", "cluster");
        }
        return rendering.target(cluster, caller::sees)
                .orElseThrow(() -> FlotillaException.notFound("cluster", cluster));
    }
}
