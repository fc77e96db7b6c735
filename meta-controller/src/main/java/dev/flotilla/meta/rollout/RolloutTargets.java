package dev.flotilla.meta.rollout;

import dev.flotilla.meta.application.Application;
import dev.flotilla.meta.cluster.LabelSelector;
import dev.flotilla.meta.token.ApiCaller;
import dev.flotilla.meta.wave.WaveUnit;
import dev.flotilla.meta.web.FlotillaException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    List<WaveUnit> select(ApiCaller caller, RolloutRequest.Clusters clusters) {
        RolloutRequest.Clusters spec = clusters == null ? new RolloutRequest.Clusters(null, null, null) : clusters;
        LabelSelector selector = LabelSelector.parse(spec.selector());
        StringBuilder sql = new StringBuilder(
                "SELECT c.id, c.name, c.region, c.zone FROM cluster c WHERE c.state IN ('READY', 'NOT_READY')");
        List<Object> params = new ArrayList<>();
        selector.appendSql("c.labels", sql, params);
        if (spec.names() != null && !spec.names().isEmpty()) {
            sql.append(" AND c.name = ANY(?)");
            params.add(spec.names().toArray(String[]::new));
        }
        if (spec.excludeNames() != null && !spec.excludeNames().isEmpty()) {
            sql.append(" AND NOT (c.name = ANY(?))");
            params.add(spec.excludeNames().toArray(String[]::new));
        }
        caller.tenantScope().ifPresent(tenant -> {
            sql.append(" AND c.tenant = ?");
            params.add(tenant);
        });
        sql.append(" ORDER BY c.name");
        List<WaveUnit> units = jdbc.sql(sql.toString()).params(params)
                .query((rs, i) -> new WaveUnit(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .list();
        checkNamesFound(spec, units);
        return units;
    }

    private static void checkNamesFound(RolloutRequest.Clusters spec, List<WaveUnit> units) {
        if (spec.names() == null) {
            return;
        }
        Set<String> found = new HashSet<>();
        units.forEach(u -> found.add(u.name()));
        Set<String> excluded = spec.excludeNames() == null ? Set.of() : Set.copyOf(spec.excludeNames());
        for (String name : spec.names()) {
            if (!found.contains(name) && !excluded.contains(name)) {
                throw FlotillaException.badInput("cluster '" + name + "' cannot be targeted: it is unknown, cordoned, "
                        + "still registering, outside the selector or outside the token's tenant")
                        .with("cluster", name).with("field", "clusters.names");
            }
        }
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
