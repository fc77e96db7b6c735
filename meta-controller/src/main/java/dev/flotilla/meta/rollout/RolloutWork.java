package dev.flotilla.meta.rollout;

import dev.flotilla.api.agent.ClusterStrategy;
import dev.flotilla.api.agent.WorkloadKind;
import dev.flotilla.meta.agentgateway.WorkItems;
import dev.flotilla.meta.agentgateway.WorkPlacement;
import dev.flotilla.meta.agentgateway.WorkSpec;
import dev.flotilla.meta.wave.CampaignKind;
import dev.flotilla.meta.window.WindowGate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * revision, in the slot {@code application/<name>} of the cluster's own list, so it outlives the rollout (the next
 * rollout of the application replaces it). The gateway's {@link WorkItems} keeps the lists.
 */
@Component
class RolloutWork implements CampaignKind {

    static final String KIND = "ROLLOUT";
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    /** What every item of a rollout shares. */
    private record Rollout(long applicationId, String application, WorkloadKind kind, String namespace, int revision,
            ClusterStrategy strategy) {
    }

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final WorkItems items;
    /** Per rollout: the in-cluster work to fit in maintenance windows, empty when it ignores them (immutable). */
    private final Map<Long, Optional<Duration>> windowed = new ConcurrentHashMap<>();
    private final WindowGate windows;

    RolloutWork(JdbcClient jdbc, ObjectMapper json, WorkItems items, WindowGate windows) {
        this.jdbc = jdbc;
        this.json = json;
        this.items = items;
        this.windows = windows;
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** Each rollout's application, revision and the request as given ({@code spec}). */
    @Override
    public Map<Long, Map<String, Object>> details(Collection<Long> rolloutIds) {
        Map<Long, Map<String, Object>> details = new HashMap<>();
        jdbc.sql("""
                        SELECT r.id, a.name, r.revision, r.spec::text FROM rollout r
                        JOIN application a ON a.id = r.application_id WHERE r.id = ANY(?)""")
                .param(rolloutIds.toArray(Long[]::new))
                .query(rs -> {
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("application", rs.getString(2));
                    d.put("revision", rs.getInt(3));
                    d.put("spec", json.readValue(rs.getString(4), MAP));
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

    @Override
    public void dispatch(long rolloutId, List<Long> clusterIds) {
        Rollout r = rollout(rolloutId);
        items.put(spec(rolloutId, r, r.revision(), r.strategy(), false),
                clusterIds.stream().map(WorkPlacement::own).toList());
    }

    @Override
    public void setPaused(long rolloutId, List<Long> clusterIds, boolean paused) {
        items.setPaused(KIND, rolloutId, clusterIds, paused);
    }

    /**
     * Puts each cluster's previous revision back, in one batch; a cluster that ran none before loses the item (its
     * agent removes the workload) and its record of what it runs. A cluster whose item a later rollout of the
     * application replaced keeps it: there is nothing of this rollout left to return, so it counts as rolled back.
     */
    @Override
    public List<Long> rollback(long rolloutId, List<Long> clusterIds, Map<Long, String> previous) {
        Rollout r = rollout(rolloutId);
        Set<Long> held = new HashSet<>(items.held(KIND, rolloutId, clusterIds));
        Map<Integer, List<WorkPlacement>> byRevision = new TreeMap<>();
        List<Long> none = new ArrayList<>();
        List<Long> done = new ArrayList<>();
        for (long clusterId : clusterIds) {
            String before = previous.get(clusterId);
            if (!held.contains(clusterId)) {
                done.add(clusterId);
            } else if (before == null) {
                none.add(clusterId);
            } else {
                byRevision.computeIfAbsent(Integer.valueOf(before), k -> new ArrayList<>())
                        .add(WorkPlacement.own(clusterId));
            }
        }
        byRevision.forEach((revision, placements) ->
                items.put(spec(rolloutId, r, revision, ClusterStrategy.oneBatch(), true), placements));
        List<Long> removed = items.remove(KIND, rolloutId, none);
        jdbc.sql("DELETE FROM application_cluster WHERE application_id = ? AND cluster_id = ANY(?)")
                .params(r.applicationId(), removed.toArray(Long[]::new)).update();
        done.addAll(none);
        return done;
    }

    private WorkSpec spec(long rolloutId, Rollout r, int revision, ClusterStrategy strategy, boolean rollback) {
        Map<String, Object> manifest = json.readValue(jdbc.sql(
                        "SELECT manifest::text FROM application_revision WHERE application_id = ? AND revision = ?")
                .params(r.applicationId(), revision).query(String.class).single(), MAP);
        return new WorkSpec(KIND, rolloutId, "application/" + r.application(), WorkIds.of(rolloutId, r.application()),
                Map.of("applicationId", r.applicationId(), "revision", revision), r.application(), r.kind(),
                r.namespace(), name(manifest), revision, manifest, strategy, rollback);
    }

    private Rollout rollout(long rolloutId) {
        return jdbc.sql("""
                        SELECT r.application_id, a.name, a.kind, a.namespace, r.revision, r.cluster_strategy::text
                        FROM rollout r JOIN application a ON a.id = r.application_id WHERE r.id = ?""")
                .param(rolloutId)
                .query((rs, i) -> new Rollout(rs.getLong(1), rs.getString(2), WorkloadKind.valueOf(rs.getString(3)),
                        rs.getString(4), rs.getInt(5), json.readValue(rs.getString(6), ClusterStrategy.class)))
                .single();
    }

    private static String name(Map<String, Object> manifest) {
        return manifest.get("metadata") instanceof Map<?, ?> meta ? String.valueOf(meta.get("name")) : null;
    }
}
