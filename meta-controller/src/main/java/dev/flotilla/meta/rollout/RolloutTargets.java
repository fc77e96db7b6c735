package dev.flotilla.meta.rollout;

import dev.flotilla.meta.application.Application;
import dev.flotilla.meta.cluster.ClusterSelection;
import dev.flotilla.meta.token.ApiCaller;
import dev.flotilla.meta.wave.WaveUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Picks a rollout's target clusters: READY or NOT_READY (the unreachable policy decides about the latter),
 * never cordoned or still registering; a tenant-scoped caller only its tenant's.
 */
@Component
class RolloutTargets {

    private final JdbcClient jdbc;

    RolloutTargets(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<WaveUnit> select(ApiCaller caller, ClusterSelection clusters) {
        ClusterSelection spec = clusters == null ? ClusterSelection.all() : clusters;
        StringBuilder sql = new StringBuilder(
                "SELECT c.id, c.name, c.region, c.zone FROM cluster c WHERE c.state IN ('READY', 'NOT_READY')");
        List<Object> params = new ArrayList<>();
        spec.appendSql(caller, sql, params);
        sql.append(" ORDER BY c.name");
        List<WaveUnit> units = jdbc.sql(sql.toString()).params(params)
                .query((rs, i) -> new WaveUnit(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .list();
        spec.checkNamesFound(units.stream().map(WaveUnit::name).toList(),
                "unknown, cordoned, still registering, outside the selector or outside the token's tenant");
        return units;
    }

    /** The revision each target ran before, as text (the wave engine keeps it for rollback). */
    Map<Long, String> previousRevisions(Application app, List<WaveUnit> units) {
        Map<Long, String> previous = new HashMap<>();
        jdbc.sql("SELECT cluster_id, revision FROM application_cluster WHERE application_id = ? AND cluster_id = ANY(?)")
                .params(app.id(), units.stream().map(WaveUnit::clusterId).toArray(Long[]::new))
                .query(rs -> {
                    previous.put(rs.getLong(1), String.valueOf(rs.getInt(2)));
                });
        return previous;
    }
}
