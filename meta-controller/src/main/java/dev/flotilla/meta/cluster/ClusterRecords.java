package dev.flotilla.meta.cluster;

import dev.flotilla.meta.token.ApiCaller;
import dev.flotilla.meta.web.FlotillaException;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads the clusters this feature needs, scoped to what the caller may see. */
@Repository
public class ClusterRecords {

    /** A cluster as upgrades see it. */
    public record ClusterRow(long id, String name, String tenant, String state) {
    }

    private final JdbcClient jdbc;

    ClusterRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The cluster, or a 404 when it does not exist or lies outside the caller's tenant (the same answer). */
    public ClusterRow visible(ApiCaller caller, String name) {
        return find(name).filter(c -> caller.sees(c.tenant()))
                .orElseThrow(() -> FlotillaException.notFound("cluster", name));
    }

    public Optional<ClusterRow> find(String name) {
        return jdbc.sql("SELECT id, name, tenant, state FROM cluster WHERE name = ?")
                .param(name)
                .query((rs, i) -> new ClusterRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .optional();
    }

    public static List<String> strings(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
