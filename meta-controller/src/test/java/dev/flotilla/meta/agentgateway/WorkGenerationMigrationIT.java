package dev.flotilla.meta.agentgateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.meta.support.MigrationDatabase;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Migration V17 moves each cluster's work generation off the cluster row into {@code cluster_work}: an installation
 * upgraded while agents poll keeps every generation (an agent that holds generation N is still answered from N), and
 * a cluster whose work never changed reads 0 as before.
 */
class WorkGenerationMigrationIT {

    @Test
    void generationsAndTheirChangeTimesMoveToClusterWorkAndAClusterWithoutChangesStaysAtZero() {
        DataSource db = MigrationDatabase.at("16");
        JdbcClient jdbc = JdbcClient.create(db);
        long busy = cluster(jdbc, "busy-1");
        long quiet = cluster(jdbc, "quiet-1");
        Instant changed = jdbc.sql("""
                        UPDATE cluster SET work_generation = 7, work_changed_at = now() - interval '1 minute'
                        WHERE id = ? RETURNING work_changed_at""")
                .param(busy).query(java.sql.Timestamp.class).single().toInstant();

        MigrationDatabase.migrate(db);

        WorkGenerations generations = new WorkGenerations(jdbc);
        assertThat(generations.current(busy)).isEqualTo(OptionalLong.of(7));
        assertThat(generations.current(quiet)).isEqualTo(OptionalLong.of(0));
        assertThat(generations.current(busy + quiet + 100)).as("no such cluster").isEmpty();
        assertThat(jdbc.sql("SELECT cluster_id, changed_at FROM cluster_work")
                .query((rs, i) -> List.of(rs.getLong(1), rs.getTimestamp(2).toInstant())).list())
                .containsExactly(List.of(busy, changed));
        assertThat(jdbc.sql("SELECT count(*) FROM pg_indexes WHERE tablename = 'cluster' AND indexname IN "
                + "('cluster_ready_heartbeat_idx', 'cluster_work_changed_idx')").query(Long.class).single()).isZero();
    }

    private static long cluster(JdbcClient jdbc, String name) {
        return jdbc.sql("INSERT INTO cluster (name, tenant, region, zone, state) VALUES (?, 'acme', 'eu', 'eu-1a', "
                + "'READY') RETURNING id").param(name).query(Long.class).single();
    }
}
