package dev.flotilla.meta.cluster;

import dev.flotilla.meta.token.ApiCaller;
import dev.flotilla.meta.web.Page;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.postgresql.PGStatement;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The portal's reads over the whole fleet: filtered keyset pages and the fleet summary, one statement each. */
@Service
public class ClusterQueries {

    private final JdbcClient jdbc;
    private final JdbcOperations statements;
    private final ClusterRows rows;

    ClusterQueries(JdbcClient jdbc, JdbcOperations statements, ClusterRows rows) {
        this.jdbc = jdbc;
        this.statements = statements;
        this.rows = rows;
    }

    /**
     * One page ordered by name. Keyset paging ({@code name > after}) visits every cluster once even while
     * clusters are added between pages; one extra row tells whether another page follows.
     *
     * <p>Planned for its values on every call: the statement is never prepared on the server (the driver's
     * {@code prepareThreshold} 0 for it), so PostgreSQL plans each execution with its parameters. A prepared
     * statement's generic plan, which PostgreSQL takes after five executions when its estimated cost is not above
     * the custom plans' (docs: PREPARE, "plan_cache_mode"), cannot know how many clusters a label selector matches:
     * it assumes a handful (jsonb containment's default selectivity), and so reads every match through the labels'
     * GIN index and sorts them, thousands at 10,000 clusters, where the name index finds the first page after a few
     * hundred rows (a plan of that kind took the selector page to 60-635 ms in PostgreSQL during a 10,000-cluster
     * rollout, docs/benchmarks.md, change 40). A selective selector still gets the GIN index. One statement and no
     * transaction: one round trip to PostgreSQL per page (change 47).
     */
    public Page<Cluster> list(ApiCaller caller, ClusterFilter filter) {
        StringBuilder sql = new StringBuilder("SELECT ").append(ClusterRows.COLUMNS).append(" FROM cluster WHERE TRUE");
        List<Object> params = new ArrayList<>();
        equal(sql, params, "tenant", caller.tenant());
        equal(sql, params, "tenant", filter.tenant());
        equal(sql, params, "region", filter.region());
        equal(sql, params, "zone", filter.zone());
        equal(sql, params, "state", filter.state() == null ? null : filter.state().name());
        equal(sql, params, "kubernetes_version", filter.kubernetesVersion());
        filter.selector().appendSql("labels", sql, params);
        if (filter.after() != null) {
            sql.append(" AND name > ?");
            params.add(filter.after());
        }
        sql.append(" ORDER BY name LIMIT ?");
        params.add(filter.limit() + 1);
        List<Cluster> found = statements.query(connection -> {
            PreparedStatement page = connection.prepareStatement(sql.toString());
            page.unwrap(PGStatement.class).setPrepareThreshold(0);
            new ArgumentPreparedStatementSetter(params.toArray()).setValues(page);
            return page;
        }, rows.mapper()).stream().map(ClusterRows.Row::cluster).toList();
        if (found.size() <= filter.limit()) {
            return new Page<>(found, null);
        }
        List<Cluster> page = found.subList(0, filter.limit());
        return new Page<>(page, Page.encode(page.get(page.size() - 1).name()));
    }

    /** Counts by state, Kubernetes version, region and zone in one GROUPING SETS statement. */
    @Transactional(readOnly = true)
    public FleetSummary summary(ApiCaller caller) {
        StringBuilder sql = new StringBuilder("""
                SELECT GROUPING(state) AS g_state, GROUPING(kubernetes_version) AS g_version,
                       GROUPING(region) AS g_region, GROUPING(zone) AS g_zone,
                       state, kubernetes_version, region, zone, count(*) AS n
                FROM cluster WHERE TRUE""");
        List<Object> params = new ArrayList<>();
        equal(sql, params, "tenant", caller.tenant());
        sql.append(" GROUP BY GROUPING SETS ((), (state), (kubernetes_version), (region), (zone))");
        Tally tally = new Tally();
        jdbc.sql(sql.toString()).params(params).query(rs -> {
            long n = rs.getLong("n");
            if (rs.getInt("g_state") == 0) {
                tally.byState.put(ClusterState.valueOf(rs.getString("state")), n);
            } else if (rs.getInt("g_version") == 0) {
                String version = rs.getString("kubernetes_version");
                tally.byVersion.put(version == null ? "unknown" : version, n);
            } else if (rs.getInt("g_region") == 0) {
                tally.byRegion.put(rs.getString("region"), n);
            } else if (rs.getInt("g_zone") == 0) {
                tally.byZone.put(rs.getString("zone"), n);
            } else {
                tally.total = n;
            }
        });
        return new FleetSummary(tally.total, tally.byState, tally.byVersion, tally.byRegion, tally.byZone);
    }

    private static void equal(StringBuilder sql, List<Object> params, String column, String value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = ?");
            params.add(value);
        }
    }

    /** The summary being counted; every state is present, with zero when no cluster is in it. */
    private static final class Tally {
        private long total;
        private final Map<ClusterState, Long> byState = new EnumMap<>(ClusterState.class);
        private final Map<String, Long> byVersion = new TreeMap<>();
        private final Map<String, Long> byRegion = new TreeMap<>();
        private final Map<String, Long> byZone = new TreeMap<>();

        private Tally() {
            for (ClusterState state : ClusterState.values()) {
                byState.put(state, 0L);
            }
        }
    }
}
