package dev.flotilla.meta.agentgateway;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The work generation of every cluster that polls this replica, cached so a waiting poll costs no query.
 * Filled on a cluster's first poll and moved forward by signals and sweeps; a generation only grows.
 */
@Component
class WorkGenerations {

    /** The clusters whose work changed since a sweep, and the database time the sweep ran at. */
    record Changes(Map<Long, Long> generations, Instant sweptAt) {
    }

    private final ConcurrentHashMap<Long, Long> cached = new ConcurrentHashMap<>();
    private final JdbcClient jdbc;

    WorkGenerations(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The cluster's generation, read from the database only when this replica has not seen it yet. */
    OptionalLong current(long clusterId) {
        Long known = cached.get(clusterId);
        if (known != null) {
            return OptionalLong.of(known);
        }
        var read = jdbc.sql("SELECT work_generation FROM cluster WHERE id = ?")
                .param(clusterId).query(Long.class).optional();
        read.ifPresent(generation -> advance(clusterId, generation));
        return read.map(generation -> OptionalLong.of(cached.get(clusterId))).orElse(OptionalLong.empty());
    }

    /** Re-reads the clusters' generations in one query and caches them; answers those read. */
    Map<Long, Long> refresh(Collection<Long> clusterIds) {
        Map<Long, Long> read = new HashMap<>();
        jdbc.sql("SELECT id, work_generation FROM cluster WHERE id = ANY(?)")
                .param(clusterIds.stream().mapToLong(Long::longValue).toArray())
                .query(rs -> {
                    read.put(rs.getLong(1), rs.getLong(2));
                });
        read.forEach(this::advance);
        return read;
    }

    /**
     * Reads the clusters whose work changed after {@code since} (the index on work_changed_at serves it) and
     * moves the cached generations of those this replica serves. Answers the database's own clock too, so
     * the next sweep's watermark never depends on this machine's clock.
     */
    Changes changedSince(Instant since) {
        Map<Long, Long> changed = new HashMap<>();
        Instant[] now = new Instant[1];
        jdbc.sql("""
                        SELECT n.now, c.id, c.work_generation
                        FROM (SELECT now() AS now) n
                        LEFT JOIN cluster c ON c.work_changed_at > ?""")
                .param(Timestamp.from(since))
                .query(rs -> {
                    now[0] = rs.getTimestamp(1).toInstant();
                    long id = rs.getLong(2);
                    if (!rs.wasNull() && cached.containsKey(id)) {
                        changed.put(id, rs.getLong(3));
                    }
                });
        changed.forEach(this::advance);
        return new Changes(changed, now[0]);
    }

    private void advance(long clusterId, long generation) {
        cached.merge(clusterId, generation, Math::max);
    }

    /** Forgets a cluster (deleted, or its agent re-registered): its next poll reads the database. */
    void forget(long clusterId) {
        cached.remove(clusterId);
    }
}
