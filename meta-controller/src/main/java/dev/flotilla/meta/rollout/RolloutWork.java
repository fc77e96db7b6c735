package dev.flotilla.meta.rollout;

import dev.flotilla.api.agent.ClusterStrategy;
import dev.flotilla.api.agent.WorkloadKind;
import dev.flotilla.meta.agentgateway.WorkItems;
import dev.flotilla.meta.agentgateway.WorkPlacement;
import dev.flotilla.meta.agentgateway.WorkSpec;
import dev.flotilla.meta.application.BundleRendering;
import dev.flotilla.meta.application.RenderTarget;
import dev.flotilla.meta.application.Rendered;
import dev.flotilla.meta.wave.CampaignKind;
import dev.flotilla.meta.window.WindowGate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * The rollout kind of campaign: a target's work is one item per (cluster, application) holding the desired
 * revision's bundle as rendered for the cluster ({@link BundleRendering}), or for an uninstall rollout an item that
 * removes the application, in the slot {@code application/<name>} of the cluster's own list, so it outlives the
 * rollout (the next rollout of the application replaces it). The gateway's {@link WorkItems} keeps the lists.
 */
@Component
class RolloutWork implements CampaignKind {

    static final String KIND = "ROLLOUT";
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {
    };

    /** What every item of a rollout shares; {@code revision} is null for an uninstall. */
    private record Rollout(long applicationId, String application, String namespace, Integer revision,
            boolean uninstall, ClusterStrategy strategy) {
    }

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final WorkItems items;
    /** Per rollout: the in-cluster work to fit in maintenance windows, empty when it ignores them (immutable). */
    private final Map<Long, Optional<Duration>> windowed = new ConcurrentHashMap<>();
    private final WindowGate windows;
    private final BundleRendering rendering;

    RolloutWork(JdbcClient jdbc, ObjectMapper json, WorkItems items, WindowGate windows, BundleRendering rendering) {
        this.jdbc = jdbc;
        this.json = json;
        this.items = items;
        this.windows = windows;
        this.rendering = rendering;
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** Each rollout's application, revision (null for an uninstall), uninstall and the request as given. */
    @Override
    public Map<Long, Map<String, Object>> details(Collection<Long> rolloutIds) {
        Map<Long, Map<String, Object>> details = new HashMap<>();
        jdbc.sql("""
                        SELECT r.id, a.name, r.revision, r.uninstall, r.spec::text FROM rollout r
                        JOIN application a ON a.id = r.application_id WHERE r.id = ANY(?)""")
                .param(rolloutIds.toArray(Long[]::new))
                .query(rs -> {
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("application", rs.getString(2));
                    d.put("revision", rs.getObject(3));
                    d.put("uninstall", rs.getBoolean(4));
                    d.put("spec", json.readValue(rs.getString(5), MAP));
                    details.put(rs.getLong(1), d);
                });
        return details;
    }

    /**
     * With {@code respectMaintenanceWindows}, a cluster starts only inside its window and only if the estimated
     * in-cluster rollout (every batch and its pause) ends before the window closes.
     */
    @Override
    public Map<Long, String> notYet(long rolloutId, List<Long> clusterIds, Instant now) {
        return windowedWork(rolloutId).map(work -> windows.closed(clusterIds, work, now)).orElse(Map.of());
    }

    private Optional<Duration> windowedWork(long rolloutId) {
        Optional<Duration> cached = windowed.get(rolloutId);
        if (cached != null) {
            return cached;
        }
        Optional<Duration> work = jdbc.sql("""
                        SELECT cluster_strategy::text FROM rollout
                        WHERE id = ? AND (spec ->> 'respectMaintenanceWindows')::boolean""")
                .param(rolloutId).query(String.class).optional()
                .map(strategy -> Duration.ofSeconds(RolloutPlanning.perClusterSeconds(
                        json.readValue(strategy, ClusterStrategy.class))));
        if (windowed.size() >= 1000) {
            windowed.clear();
        }
        windowed.put(rolloutId, work);
        return work;
    }

    /**
     * Renders the revision's bundle for each cluster and puts one item per distinct bundle (clusters whose bundles
     * are identical share it, and its stored manifest row); an uninstall rollout puts an uninstall item. A cluster
     * the revision cannot be rendered for (an override that does not apply to it) fails with why.
     */
    @Override
    public Map<Long, String> dispatch(long rolloutId, List<Long> clusterIds) {
        Rollout r = rollout(rolloutId);
        if (r.uninstall()) {
            items.put(uninstall(rolloutId, r, false), clusterIds.stream().map(WorkPlacement::own).toList());
            return Map.of();
        }
        return putRendered(rolloutId, r, r.revision(), r.strategy(), false, clusterIds);
    }

    @Override
    public void setPaused(long rolloutId, List<Long> clusterIds, boolean paused) {
        items.setPaused(KIND, rolloutId, clusterIds, paused);
    }

    /**
     * Puts each cluster's previous revision back, rendered for it, in one batch; a cluster that ran none before gets
     * an uninstall item (its agent removes what this rollout applied). A cluster whose item a later rollout of the
     * application replaced keeps it: there is nothing of this rollout left to return, so it counts as rolled back.
     * Of an uninstall rollout, a cluster whose uninstall already finished (its slot is empty) is reinstalled, and
     * one that ran nothing before has nothing to return.
     */
    @Override
    public Returned rollback(long rolloutId, List<Long> clusterIds, Map<Long, String> previous) {
        Rollout r = rollout(rolloutId);
        Set<Long> held = new HashSet<>(items.held(KIND, rolloutId, clusterIds));
        if (r.uninstall()) {
            List<Long> free = clusterIds.stream().filter(id -> !held.contains(id)).toList();
            Set<Long> taken = new HashSet<>(items.occupied(slot(r), free));
            free.stream().filter(id -> !taken.contains(id)).forEach(held::add);
        }
        Map<Integer, List<Long>> byRevision = new TreeMap<>();
        List<Long> none = new ArrayList<>();
        List<Long> done = new ArrayList<>();
        for (long clusterId : clusterIds) {
            String before = previous.get(clusterId);
            if (!held.contains(clusterId)) {
                done.add(clusterId);
            } else if (before == null) {
                none.add(clusterId);
            } else {
                byRevision.computeIfAbsent(Integer.valueOf(before), k -> new ArrayList<>()).add(clusterId);
            }
        }
        Map<Long, String> failed = new LinkedHashMap<>();
        byRevision.forEach((revision, ids) ->
                failed.putAll(putRendered(rolloutId, r, revision, ClusterStrategy.oneBatch(), true, ids)));
        if (r.uninstall()) {
            items.remove(KIND, rolloutId, none);
            done.addAll(none);
        } else if (!none.isEmpty()) {
            items.put(uninstall(rolloutId, r, true), none.stream().map(WorkPlacement::own).toList());
        }
        return new Returned(done, failed);
    }

    /** Renders and puts the revision on these clusters; answers those it cannot be rendered for, with why. */
    private Map<Long, String> putRendered(long rolloutId, Rollout r, int revision, ClusterStrategy strategy,
            boolean rollback, List<Long> clusterIds) {
        if (clusterIds.isEmpty()) {
            return Map.of();
        }
        Map<Long, Rendered> rendered = rendering.render(r.applicationId(), revision, renderTargets(clusterIds));
        Map<List<Map<String, Object>>, List<WorkPlacement>> byBundle = new LinkedHashMap<>();
        Map<Long, String> refused = new LinkedHashMap<>();
        for (long clusterId : clusterIds) {
            Rendered bundle = rendered.get(clusterId);
            if (bundle instanceof Rendered.Bundle b) {
                byBundle.computeIfAbsent(b.resources(), k -> new ArrayList<>()).add(WorkPlacement.own(clusterId));
            } else {
                refused.put(clusterId, "revision " + revision + " cannot be rendered for this cluster: "
                        + (bundle instanceof Rendered.Refused no ? no.message() : "no rendering answered"));
            }
        }
        items.putAll(byBundle.entrySet().stream().map(e -> new WorkItems.Placed(
                spec(rolloutId, r, revision, strategy, rollback, e.getKey()), e.getValue())).toList());
        return refused;
    }

    /** The clusters' own facts, for overrides and substitutions. */
    private List<RenderTarget> renderTargets(List<Long> clusterIds) {
        return jdbc.sql("SELECT id, name, region, zone, labels::text FROM cluster WHERE id = ANY(?) ORDER BY id")
                .param(clusterIds.toArray(Long[]::new))
                .query((rs, i) -> new RenderTarget(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5) == null ? Map.of() : json.readValue(rs.getString(5), LABELS)))
                .list();
    }

    /**
     * A bundle item: {@code kind}, {@code name} and {@code manifest} repeat its first Kruise workload (null when it
     * has none).
     */
    private WorkSpec spec(long rolloutId, Rollout r, int revision, ClusterStrategy strategy, boolean rollback,
            List<Map<String, Object>> resources) {
        Map<String, Object> workload = resources.stream().filter(m -> workloadKind(m) != null).findFirst()
                .orElse(null);
        return new WorkSpec(KIND, rolloutId, slot(r), WorkIds.of(rolloutId, r.application()),
                Map.of("applicationId", r.applicationId(), "revision", revision), r.application(),
                workload == null ? null : workloadKind(workload), r.namespace(),
                workload == null ? null : name(workload), revision, workload, strategy, rollback, resources, false);
    }

    /** An item that removes everything the agent applied for the application. */
    private WorkSpec uninstall(long rolloutId, Rollout r, boolean rollback) {
        return new WorkSpec(KIND, rolloutId, slot(r), WorkIds.of(rolloutId, r.application()),
                Map.of("applicationId", r.applicationId(), "uninstall", true), r.application(), null, r.namespace(),
                null, 0, null, ClusterStrategy.oneBatch(), rollback, List.of(), true);
    }

    private static String slot(Rollout r) {
        return "application/" + r.application();
    }

    /** The Kruise workload kind of a resource, or null when it is not one. */
    private static WorkloadKind workloadKind(Map<String, Object> resource) {
        if (!(resource.get("apiVersion") instanceof String apiVersion) || !apiVersion.startsWith("apps.kruise.io/")
                || !(resource.get("kind") instanceof String kind)) {
            return null;
        }
        return Arrays.stream(WorkloadKind.values()).filter(k -> k.name().equals(kind)).findFirst().orElse(null);
    }

    private Rollout rollout(long rolloutId) {
        return jdbc.sql("""
                        SELECT r.application_id, a.name, a.namespace, r.revision, r.uninstall, r.cluster_strategy::text
                        FROM rollout r JOIN application a ON a.id = r.application_id WHERE r.id = ?""")
                .param(rolloutId)
                .query((rs, i) -> new Rollout(rs.getLong(1), rs.getString(2), rs.getString(3),
                        (Integer) rs.getObject(4), rs.getBoolean(5),
                        json.readValue(rs.getString(6), ClusterStrategy.class)))
                .single();
    }

    private static String name(Map<String, Object> manifest) {
        return manifest.get("metadata") instanceof Map<?, ?> meta ? String.valueOf(meta.get("name")) : null;
    }
}
