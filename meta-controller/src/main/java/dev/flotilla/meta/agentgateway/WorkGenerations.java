package dev.flotilla.meta.agentgateway;

import java.sql.Timestamp;
import java.time.Duration;
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

    /** The clusters whose work changed since a sweep, and where the next sweep may start reading. */
    record Changes(Map<Long, Long> generations, Instant nextSince) {
    }

    /** Taken off the horizon of the transactions open at a sweep (see {@link #horizon}). */
    static final Duration HORIZON_MARGIN = Duration.ofSeconds(1);

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
        var read = jdbc.sql("""
                        SELECT coalesce(w.generation, 0) FROM cluster c
                        LEFT JOIN cluster_work w ON w.cluster_id = c.id WHERE c.id = ?""")
                .param(clusterId).query(Long.class).optional();
        read.ifPresent(generation -> advance(clusterId, generation));
        return read.map(generation -> OptionalLong.of(cached.get(clusterId))).orElse(OptionalLong.empty());
    }

    /** Re-reads the clusters' generations in one query and caches them; answers those read. */
    Map<Long, Long> refresh(Collection<Long> clusterIds) {
        Map<Long, Long> read = new HashMap<>();
        jdbc.sql("""
                        SELECT c.id, coalesce(w.generation, 0) FROM cluster c
                        LEFT JOIN cluster_work w ON w.cluster_id = c.id WHERE c.id = ANY(?)""")
                .param(clusterIds.stream().mapToLong(Long::longValue).toArray())
                .query(rs -> {
                    read.put(rs.getLong(1), rs.getLong(2));
                });
        read.forEach(this::advance);
        return read;
    }

    /**
     * Reads the clusters whose work changed after {@code since} (the index on cluster_work.changed_at serves it) and
     * moves the cached generations of those this replica serves; answers too where the next sweep may start
     * ({@link #horizon}, on the database's own clock, so it never depends on this machine's).
     */
    Changes changedSince(Instant since) {
        Instant next = horizon();
        Map<Long, Long> changed = new HashMap<>();
        jdbc.sql("SELECT cluster_id, generation FROM cluster_work WHERE changed_at > ?")
                .param(Timestamp.from(since))
                .query(rs -> {
                    long id = rs.getLong(1);
                    if (cached.containsKey(id)) {
                        changed.put(id, rs.getLong(2));
                    }
                });
        changed.forEach(this::advance);
        return new Changes(changed, next);
    }

    /**
     * How far back the next sweep must read. {@code changed_at} is its writer's transaction start
     * ({@code now()}), so a change not yet visible belongs to a transaction open now, whose start pg_stat_activity
     * shows. Read in a statement of its own before the sweep's snapshot, a transaction that commits in between was
     * open here or is seen by the sweep. Less {@link #HORIZON_MARGIN} for the instant between a transaction's start
     * and its entry in pg_stat_activity; never further back than {@link WorkChangeSweep#LOOK_BACK} (a change of a
     * longer transaction comes with the poll's timeout answer), and that far back while a session of the database
     * is hidden from this role. A change is thus read by a sweep or two, not by every sweep of the look-back.
     */
    private Instant horizon() {
        return jdbc.sql("""
                        SELECT clock_timestamp(),
                               min(xact_start) FILTER (WHERE pid <> pg_backend_pid()),
                               count(*) FILTER (WHERE state IS NULL)
                        FROM pg_stat_activity
                        WHERE datname = current_database() AND backend_type = 'client backend'""")
                .query((rs, row) -> {
                    Instant at = rs.getTimestamp(1).toInstant();
                    Instant floor = at.minus(WorkChangeSweep.LOOK_BACK);
                    if (rs.getLong(3) > 0) {
                        return floor;
                    }
                    Timestamp oldest = rs.getTimestamp(2);
                    Instant open = oldest == null || oldest.toInstant().isAfter(at) ? at : oldest.toInstant();
                    Instant horizon = open.minus(HORIZON_MARGIN);
                    return horizon.isBefore(floor) ? floor : horizon;
                })
                .single();
    }

    private void advance(long clusterId, long generation) {
        cached.merge(clusterId, generation, Math::max);
    }

    /** Forgets a cluster (deleted, or its agent re-registered): its next poll reads the database. */
    void forget(long clusterId) {
        cached.remove(clusterId);
    }
}
