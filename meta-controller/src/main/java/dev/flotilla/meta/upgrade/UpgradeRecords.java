package dev.flotilla.meta.upgrade;

import dev.flotilla.meta.cluster.ClusterRecords;
import dev.flotilla.meta.controlplane.HostedControlPlane;
import dev.flotilla.meta.versions.MinorVersion;
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

    /** A cluster with everything preflight looks at, and where its control plane runs. */
    record CandidateRow(long clusterId, String tenant, String region, String zone, Long hostId,
            UpgradeCandidate candidate) {
    }

    /** A stored upgrade; hops and preflight stay JSON text. */
    record UpgradeRow(long id, String cluster, String tenant, String from, String to, UpgradeState state,
            boolean forced, String requestedBy, String preflight, String hops, Instant createdAt, Instant startedAt,
            Instant finishedAt, Long campaignId, int steps, int stepsDone, boolean stepRunning, boolean paused,
            String message, String reportedVersion) {
    }

    private static final String UPGRADE_COLUMNS = """
            u.id, c.name, c.tenant, u.from_version, u.to_version, u.state, u.forced, u.requested_by,
            u.preflight::text, %s, u.created_at, u.started_at, u.finished_at, u.campaign_id, u.steps,
            u.steps_done, u.step_running,
            (u.state = 'RUNNING' AND EXISTS (SELECT 1 FROM wave_campaign w WHERE w.id = u.campaign_id
                                             AND w.state = 'PAUSED')) AS paused, u.message, c.kubernetes_version
            FROM cluster_upgrade u JOIN cluster c ON c.id = u.cluster_id""";

    private final JdbcClient jdbc;

    UpgradeRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String CANDIDATES = """
            SELECT c.id, c.name, c.tenant, c.region, c.zone, c.state, c.kubernetes_version, c.kubelet_versions,
                   c.removed_apis_in_use, cp.namespace, cp.version, cp.host_cluster_id, h.name AS host,
                   (SELECT u.id FROM cluster_upgrade u WHERE u.cluster_id = c.id
                      AND u.state IN ('PENDING', 'RUNNING') LIMIT 1) AS in_flight
            FROM cluster c
            LEFT JOIN control_plane cp ON cp.cluster_id = c.id
            LEFT JOIN cluster h ON h.id = cp.host_cluster_id
            """;

    Optional<CandidateRow> candidate(String cluster, String target, boolean force) {
        return jdbc.sql(CANDIDATES + " WHERE c.name = ?").param(cluster)
                .query((rs, i) -> candidateRow(rs, target, force)).optional();
    }

    /**
     * The clusters a fleet upgrade selects, by name: {@code where} is a condition on {@code c} (a label selector,
     * names, tenant scope) with its parameters.
     */
    List<CandidateRow> candidates(String where, List<Object> params, String target, boolean force) {
        return jdbc.sql(CANDIDATES + " WHERE " + where + " ORDER BY c.name").params(params)
                .query((rs, i) -> candidateRow(rs, target, force)).list();
    }

    private static CandidateRow candidateRow(ResultSet rs, String target, boolean force) throws SQLException {
        String cluster = rs.getString("name");
        return new CandidateRow(rs.getLong("id"), rs.getString("tenant"), rs.getString("region"), rs.getString("zone"),
                rs.getObject("host_cluster_id", Long.class), new UpgradeCandidate(
                cluster, rs.getString("state"), rs.getString("kubernetes_version"),
                ClusterRecords.strings(rs, "kubelet_versions"), ClusterRecords.strings(rs, "removed_apis_in_use"),
                rs.getString("namespace") == null ? null : new HostedControlPlane(cluster, rs.getString("host"),
                        rs.getString("namespace"), MinorVersion.of(rs.getString("version"))),
                rs.getObject("in_flight", Long.class), target, force));
    }

    /** One upgrade of a campaign, as inserted. */
    record NewUpgrade(long clusterId, UpgradePlan plan, String preflightJson, String hopsJson) {
    }

    /** Inserts a campaign's upgrades PENDING; answers the clusters inserted (another upgrade in flight: left out). */
    List<Long> insertPending(long campaignId, List<NewUpgrade> upgrades, boolean forced, String requestedBy,
            Instant now) {
        return jdbc.sql("""
                        INSERT INTO cluster_upgrade (cluster_id, from_version, to_version, state, forced, requested_by,
                            preflight, hops, created_at, campaign_id, steps)
                        SELECT u.cluster_id, u.from_version, u.to_version, 'PENDING', ?, ?, u.preflight::jsonb,
                               u.hops::jsonb, ?, ?, u.steps
                        FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[])
                            AS u(cluster_id, from_version, to_version, preflight, hops, steps)
                        ON CONFLICT (cluster_id) WHERE state IN ('PENDING', 'RUNNING') DO NOTHING
                        RETURNING cluster_id""")
                .params(forced, requestedBy, Timestamp.from(now), campaignId,
                        upgrades.stream().map(NewUpgrade::clusterId).toArray(Long[]::new),
                        upgrades.stream().map(u -> u.plan().from().toString()).toArray(String[]::new),
                        upgrades.stream().map(u -> u.plan().to().toString()).toArray(String[]::new),
                        upgrades.stream().map(NewUpgrade::preflightJson).toArray(String[]::new),
                        upgrades.stream().map(NewUpgrade::hopsJson).toArray(String[]::new),
                        upgrades.stream().map(u -> u.plan().stepCount()).toArray(Integer[]::new))
                .query(Long.class).list();
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
                rs.getString(10), instant(rs, 11), instant(rs, 12), instant(rs, 13), rs.getObject(14, Long.class),
                rs.getInt(15), rs.getInt(16), rs.getBoolean(17), rs.getBoolean(18), rs.getString(19),
                rs.getString(20));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
