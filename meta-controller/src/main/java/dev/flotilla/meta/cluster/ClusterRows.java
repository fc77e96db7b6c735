package dev.flotilla.meta.cluster;

import dev.flotilla.meta.token.ApiCaller;
import dev.flotilla.meta.web.FlotillaException;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The cluster table's columns as the inventory reads them, and the lookups every write starts with. */
@Component
class ClusterRows {

    /** A cluster with the internals a write needs and the portal never sees. */
    record Row(long id, boolean agentRegistered, Cluster cluster) {
    }

    static final String COLUMNS = """
            id, name, tenant, region, zone, labels::text AS labels, state, kubernetes_version, kruise_version,
            agent_version, node_count, reported_zones, kubelet_versions, registered_at, last_heartbeat_at,
            created_at, updated_at, agent_token_hash IS NOT NULL AS agent_registered""";

    private static final TypeReference<TreeMap<String, String>> LABELS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final RowMapper<Row> mapper = this::map;

    ClusterRows(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    RowMapper<Row> mapper() {
        return mapper;
    }

    /**
     * The named cluster, locked for the rest of the transaction when {@code forUpdate}; a cluster outside
     * the caller's tenant answers not found, exactly like a missing one.
     */
    Row visible(String name, ApiCaller caller, boolean forUpdate) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM cluster WHERE name = ?" + (forUpdate ? " FOR UPDATE" : ""))
                .param(name)
                .query(mapper)
                .optional()
                .filter(row -> caller.sees(row.cluster().tenant()))
                .orElseThrow(() -> FlotillaException.notFound("cluster", name));
    }

    String labelsJson(Map<String, String> labels) {
        return json.writeValueAsString(new TreeMap<>(labels));
    }

    static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private Row map(ResultSet rs, int rowNum) throws SQLException {
        Cluster cluster = new Cluster(
                rs.getString("name"), rs.getString("tenant"), rs.getString("region"), rs.getString("zone"),
                json.readValue(rs.getString("labels"), LABELS),
                ClusterState.valueOf(rs.getString("state")),
                rs.getString("kubernetes_version"), rs.getString("kruise_version"), rs.getString("agent_version"),
                rs.getObject("node_count", Integer.class),
                strings(rs.getArray("reported_zones")), strings(rs.getArray("kubelet_versions")),
                instant(rs, "registered_at"), instant(rs, "last_heartbeat_at"),
                instant(rs, "created_at"), instant(rs, "updated_at"));
        return new Row(rs.getLong("id"), rs.getBoolean("agent_registered"), cluster);
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
