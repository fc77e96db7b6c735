package dev.flotilla.meta.agentgateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.meta.cluster.ClusterAgentRecords;
import dev.flotilla.meta.support.IntegrationTest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the rollout's frequent writes cost the cluster table (V17). PostgreSQL updates a row "HOT" (heap-only tuple:
 * the new version on the same page, no new entry in any index) only when no column an index uses, in its key or its
 * predicate, changes value (src/backend/access/heap/README.HOT, "heap_update": HeapDetermineModifiedColumns against
 * the table's indexed attributes), and the page has room. The heartbeat flush changes only the heartbeat (and the
 * state of a cluster coming back), so no index of the table may use the heartbeat; the work generation's bump does
 * not write the cluster row at all. Counted with {@code pg_stat_xact_user_tables}, the transaction's own counters.
 */
@IntegrationTest
class ClusterRowWritesIT {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ClusterAgentRecords records;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void noIndexOfTheClusterTableUsesTheHeartbeatAndTheWorkGenerationIsNotOnTheRow() {
        List<String> indexes = jdbc.sql("SELECT pg_get_indexdef(indexrelid) FROM pg_index "
                + "WHERE indrelid = 'cluster'::regclass").query(String.class).list();

        assertThat(indexes).hasSizeGreaterThan(5).noneMatch(def -> def.contains("last_heartbeat_at"));
        assertThat(jdbc.sql("SELECT count(*) FROM information_schema.columns WHERE table_name = 'cluster' "
                + "AND column_name LIKE 'work_%'").query(Long.class).single()).isZero();
    }

    @Test
    void aHeartbeatFlushUpdatesTheClusterRowsInPlace() {
        TestFleet fleet = new TestFleet(jdbc);
        fleet.registeredMany("hot-beat", 3);
        long[] ids = LongStream.range(0, 3).map(i -> fleet.id(String.format("hot-beat-%05d", i))).toArray();
        long[] at = LongStream.range(0, 3).map(i -> Instant.now().toEpochMilli()).toArray();

        Map<String, Long> written = new TransactionTemplate(transactions).execute(tx -> {
            Map<String, Long> before = writes("cluster");
            records.flushHeartbeats(ids, at);
            return since(before, writes("cluster"));
        });

        assertThat(written).containsEntry("updated", 3L).containsEntry("hot", 3L);
    }

    @Test
    void aWorkGenerationBumpDoesNotWriteTheClusterRow() {
        TestFleet fleet = new TestFleet(jdbc);
        fleet.registeredMany("hot-work", 2);
        List<Long> ids = List.of(fleet.id("hot-work-00000"), fleet.id("hot-work-00001"));

        Map<String, Map<String, Long>> first = new TransactionTemplate(transactions).execute(tx -> {
            Map<String, Long> cluster = writes("cluster");
            Map<String, Long> work = writes("cluster_work");
            records.bumpWorkGeneration(ids);
            return Map.of("cluster", since(cluster, writes("cluster")), "cluster_work",
                    since(work, writes("cluster_work")));
        });
        new TransactionTemplate(transactions).executeWithoutResult(tx -> records.bumpWorkGeneration(ids));

        assertThat(first.get("cluster")).containsEntry("updated", 0L).containsEntry("inserted", 0L);
        assertThat(first.get("cluster_work")).containsEntry("inserted", 2L);
        assertThat(ids).allSatisfy(id -> assertThat(fleet.workGeneration(id)).isEqualTo(2));
    }

    /**
     * This session's row writes to the table not yet in the statistics views: the current transaction's and those of
     * its session's earlier ones still unsent, so a test takes the difference.
     */
    private Map<String, Long> writes(String table) {
        return jdbc.sql("SELECT n_tup_ins, n_tup_upd, n_tup_hot_upd FROM pg_stat_xact_user_tables WHERE relname = ?")
                .param(table)
                .query((rs, i) -> Map.of("inserted", rs.getLong(1), "updated", rs.getLong(2), "hot", rs.getLong(3)))
                .single();
    }

    private static Map<String, Long> since(Map<String, Long> before, Map<String, Long> after) {
        return Map.of("inserted", after.get("inserted") - before.get("inserted"),
                "updated", after.get("updated") - before.get("updated"), "hot", after.get("hot") - before.get("hot"));
    }
}
