package dev.flotilla.meta.rollout;

import dev.flotilla.api.agent.ClusterStrategy;
import dev.flotilla.api.agent.WorkItem;
import dev.flotilla.api.agent.WorkloadKind;
import dev.flotilla.meta.agentgateway.ClusterWorkSource;
import dev.flotilla.meta.agentgateway.WorkSignals;
import dev.flotilla.meta.upgrade.WindowGate;
import dev.flotilla.meta.wave.TargetWork;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * A rollout's work on a cluster: one row per (cluster, application) holding the desired revision, which
 * outlives the rollout. Every change bumps the cluster's work generation in the same transaction and wakes
 * its long poll after commit.
 */
@Component
class RolloutWork implements TargetWork, ClusterWorkSource {

    static final String KIND = "ROLLOUT";
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final WorkSignals signals;
    /** Revisions are immutable, so parsed manifests can be kept; bounded by clearing when full. */
    private final Map<String, Map<String, Object>> manifests = new ConcurrentHashMap<>();
    /** Per rollout: the in-cluster work to fit in maintenance windows, empty when it ignores them (immutable). */
    private final Map<Long, Optional<Duration>> windowed = new ConcurrentHashMap<>();
    private final WindowGate windows;

    RolloutWork(JdbcClient jdbc, ObjectMapper json, WorkSignals signals, WindowGate windows) {
        this.jdbc = jdbc;
        this.json = json;
        this.signals = signals;
        this.windows = windows;
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
    public String kind() {
        return KIND;
    }

    @Override
    public void dispatch(long rolloutId, List<Long> clusterIds) {
        jdbc.sql("""
                        INSERT INTO rollout_work (cluster_id, application_id, work_id, rollout_id, revision)
                        SELECT c.id, r.application_id, 'rollout-' || r.id || '-' || a.name, r.id, r.revision
                        FROM unnest(?::bigint[]) AS c(id)
                        CROSS JOIN rollout r JOIN application a ON a.id = r.application_id
                        WHERE r.id = ?
                        ON CONFLICT (cluster_id, application_id) DO UPDATE SET work_id = EXCLUDED.work_id,
                            rollout_id = EXCLUDED.rollout_id, revision = EXCLUDED.revision, paused = false,
                            rollback = false, generation = rollout_work.generation + 1, phase = NULL,
                            updated_at = now()""")
                .params(clusterIds.toArray(Long[]::new), rolloutId).update();
        bump(clusterIds);
    }

    @Override
    public void setPaused(long rolloutId, List<Long> clusterIds, boolean paused) {
        List<Long> changed = jdbc.sql("""
                        UPDATE rollout_work SET paused = ?, generation = generation + 1, updated_at = now()
                        WHERE rollout_id = ? AND cluster_id = ANY(?) AND paused <> ? AND NOT rollback
                        RETURNING cluster_id""")
                .params(paused, rolloutId, clusterIds.toArray(Long[]::new), paused).query(Long.class).list();
        bump(changed);
    }

    @Override
    public List<Long> rollback(long rolloutId, List<Long> clusterIds) {
        Long[] ids = clusterIds.toArray(Long[]::new);
        List<Long> restored = jdbc.sql("""
                        UPDATE rollout_work w SET revision = t.previous::int, rollback = true, paused = false,
                            generation = w.generation + 1, phase = NULL, updated_at = now()
                        FROM wave_target t
                        WHERE t.campaign_id = ? AND t.cluster_id = w.cluster_id AND t.previous IS NOT NULL
                          AND w.rollout_id = ? AND w.cluster_id = ANY(?)
                        RETURNING w.cluster_id""")
                .params(rolloutId, rolloutId, ids).query(Long.class).list();
        // nothing ran before this rollout: take its work away (the agent removes the workload)
        List<Long> removed = jdbc.sql("""
                        DELETE FROM rollout_work w USING wave_target t
                        WHERE t.campaign_id = ? AND t.cluster_id = w.cluster_id AND t.previous IS NULL
                          AND w.rollout_id = ? AND w.cluster_id = ANY(?)
                        RETURNING w.cluster_id""")
                .params(rolloutId, rolloutId, ids).query(Long.class).list();
        jdbc.sql("""
                        DELETE FROM application_cluster ac USING rollout r
                        WHERE r.id = ? AND ac.application_id = r.application_id AND ac.cluster_id = ANY(?)""")
                .params(rolloutId, removed.toArray(Long[]::new)).update();
        List<Long> changed = new ArrayList<>(restored);
        changed.addAll(removed);
        bump(changed);
        Set<Long> done = new HashSet<>(clusterIds);
        restored.forEach(done::remove);
        return List.copyOf(done);
    }

    @Override
    public List<WorkItem> workFor(long clusterId) {
        return jdbc.sql("""
                        SELECT w.work_id, a.name, a.kind, a.namespace, w.application_id, w.revision,
                               r.cluster_strategy, w.paused, w.rollback, w.generation
                        FROM rollout_work w JOIN application a ON a.id = w.application_id
                        JOIN rollout r ON r.id = w.rollout_id
                        WHERE w.cluster_id = ? ORDER BY a.name""")
                .param(clusterId)
                .query((rs, i) -> {
                    Map<String, Object> manifest = manifest(rs.getLong(5), rs.getInt(6));
                    boolean rollback = rs.getBoolean(9);
                    ClusterStrategy strategy = rollback ? ClusterStrategy.oneBatch()
                            : json.readValue(rs.getString(7), ClusterStrategy.class);
                    return new WorkItem(rs.getString(1), rs.getString(2), WorkloadKind.valueOf(rs.getString(3)),
                            rs.getString(4), name(manifest), rs.getInt(6), manifest, strategy, rs.getBoolean(8),
                            rollback, rs.getLong(10));
                })
                .list();
    }

    private Map<String, Object> manifest(long applicationId, int revision) {
        String key = applicationId + "/" + revision;
        Map<String, Object> cached = manifests.get(key);
        if (cached != null) {
            return cached;
        }
        Map<String, Object> manifest = json.readValue(jdbc.sql(
                        "SELECT manifest FROM application_revision WHERE application_id = ? AND revision = ?")
                .params(applicationId, revision).query(String.class).single(), MAP);
        if (manifests.size() >= 1000) {
            manifests.clear();
        }
        manifests.put(key, manifest);
        return manifest;
    }

    private static String name(Map<String, Object> manifest) {
        return manifest.get("metadata") instanceof Map<?, ?> meta ? String.valueOf(meta.get("name")) : null;
    }

    /** Bumps the clusters' work generation (rows locked in id order: no deadlock between rollouts). */
    private void bump(List<Long> clusterIds) {
        if (clusterIds.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        UPDATE cluster SET work_generation = work_generation + 1, work_changed_at = now()
                        WHERE id IN (SELECT id FROM cluster WHERE id = ANY(?) ORDER BY id FOR UPDATE)""")
                .param(clusterIds.toArray(Long[]::new)).update();
        signals.afterCommit(clusterIds);
    }
}
