package dev.flotilla.meta.upgrade;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code cluster_upgrade} rows and the one-query read that feeds preflight. */
@Repository
class UpgradeRecords {

    /** A cluster with everything preflight looks at. */
    record CandidateRow(long clusterId, String tenant, UpgradeCandidate candidate) {
    }

    /** A stored upgrade; hops and preflight stay JSON text. */
    record UpgradeRow(long id, String cluster, String tenant, String from, String to, UpgradeState state,
            boolean forced, String requestedBy, String preflight, String hops, Instant createdAt, Instant startedAt,
            Instant finishedAt) {
    }

    private static final String UPGRADE_COLUMNS = """
            u.id, c.name, c.tenant, u.from_version, u.to_version, u.state, u.forced, u.requested_by,
            u.preflight::text, %s, u.created_at, u.started_at, u.finished_at
            FROM cluster_upgrade u JOIN cluster c ON c.id = u.cluster_id""";

    private final JdbcClient jdbc;

    UpgradeRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<CandidateRow> candidate(String cluster, String target, boolean force) {
        return jdbc.sql("""
                        SELECT c.id, c.tenant, c.state, c.kubernetes_version, c.kubelet_versions, c.removed_apis_in_use,
                               cp.namespace, cp.version, h.name AS host,
                               (SELECT u.id FROM cluster_upgrade u WHERE u.cluster_id = c.id
                                  AND u.state IN ('PENDING', 'RUNNING') LIMIT 1) AS in_flight
                        FROM cluster c
                        LEFT JOIN control_plane cp ON cp.cluster_id = c.id
                        LEFT JOIN cluster h ON h.id = cp.host_cluster_id
                        WHERE c.name = ?""")
                .param(cluster)
                .query((rs, i) -> new CandidateRow(rs.getLong("id"), rs.getString("tenant"), new UpgradeCandidate(
                        cluster, rs.getString("state"), rs.getString("kubernetes_version"),
                        ClusterRecords.strings(rs, "kubelet_versions"), ClusterRecords.strings(rs, "removed_apis_in_use"),
                        rs.getString("namespace") == null ? null : new HostedControlPlane(cluster, rs.getString("host"),
                                rs.getString("namespace"), MinorVersion.of(rs.getString("version"))),
                        rs.getObject("in_flight", Long.class), target, force)))
                .optional();
    }

    /** Inserts a PENDING upgrade; empty when another one of the cluster is still in flight. */
    Optional<Long> insertPending(long clusterId, UpgradePlan plan, boolean forced, String requestedBy,
            String preflightJson, String hopsJson, Instant now) {
        return jdbc.sql("""
                        INSERT INTO cluster_upgrade (cluster_id, from_version, to_version, state, forced, requested_by,
                            preflight, hops, created_at)
                        VALUES (?, ?, ?, 'PENDING', ?, ?, ?::jsonb, ?::jsonb, ?)
                        ON CONFLICT (cluster_id) WHERE state IN ('PENDING', 'RUNNING') DO NOTHING
                        RETURNING id""")
                .params(clusterId, plan.from().toString(), plan.to().toString(), forced, requestedBy, preflightJson,
                        hopsJson, Timestamp.from(now))
                .query(Long.class)
                .optional();
    }

    Optional<UpgradeRow> find(long id) {
        return jdbc.sql("SELECT " + UPGRADE_COLUMNS.formatted("u.hops::text") + " WHERE u.id = ?")
                .param(id).query(UpgradeRecords::row).optional();
    }

    /** A page of a cluster's upgrades, newest first, below the id cursor; hops are left out. */
    List<UpgradeRow> list(long clusterId, long before, int limit) {
        return jdbc.sql("SELECT " + UPGRADE_COLUMNS.formatted("NULL")
                        + " WHERE u.cluster_id = ? AND u.id < ? ORDER BY u.id DESC LIMIT ?")
                .params(clusterId, before, limit).query(UpgradeRecords::row).list();
    }

    /** Moves an upgrade on only if it is still in {@code from}; false when another writer got there first. */
    boolean transition(long id, UpgradeState from, UpgradeState to, Instant now) {
        return jdbc.sql("""
                        UPDATE cluster_upgrade SET state = ?, row_version = row_version + 1,
                            started_at = CASE WHEN ? = 'RUNNING' THEN ? ELSE started_at END,
                            finished_at = CASE WHEN ? THEN ? ELSE finished_at END
                        WHERE id = ? AND state = ?""")
                .params(to.name(), to.name(), Timestamp.from(now), !to.inFlight(), Timestamp.from(now), id, from.name())
                .update() == 1;
    }

    private static UpgradeRow row(ResultSet rs, int i) throws SQLException {
        return new UpgradeRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                UpgradeState.valueOf(rs.getString(6)), rs.getBoolean(7), rs.getString(8), rs.getString(9),
                rs.getString(10), instant(rs, 11), instant(rs, 12), instant(rs, 13));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
