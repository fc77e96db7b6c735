package dev.flotilla.meta.wave;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.meta.support.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A target's report is written in place (V18). PostgreSQL makes an update HOT (the new version on the same page, no
 * new entry in any index) only when no column an index uses, in its key or its predicate, changes value
 * (src/backend/access/heap/README.HOT; heap_update checks the modified columns against the table's indexed
 * attributes) and the page has room. The status writer changes a target's state, batch, observed counters, message,
 * standing and time, so no index of wave_target may use them; the dispatch still finds the pending targets in plan
 * order. Counted with {@code pg_stat_xact_user_tables}, the session's counters not yet in the statistics views.
 */
@IntegrationTest
class TargetRowWritesIT {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TargetStore targets;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void reportsUpdateTargetRowsInPlaceAndTheDispatchStillFindsThePendingOnesInPlanOrder() {
        // PAUSED: the engine leaves it alone
        long campaign = jdbc.sql("""
                        INSERT INTO wave_campaign (kind, subject, state, waves, target_count, max_failures, on_failure,
                            unreachable, created_at, updated_at)
                        VALUES ('ROLLOUT', 'hot-targets', 'PAUSED', '[]', 4, 0, 'PAUSE', 'WAIT', now(), now())
                        RETURNING id""").query(Long.class).single();
        long[] clusters = new long[4];
        for (int i = 0; i < 4; i++) {
            clusters[i] = jdbc.sql("INSERT INTO cluster (name, tenant, region, zone, state) VALUES (?, 'acme', 'eu', "
                    + "'eu-1a', 'READY') RETURNING id").param("hot-target-" + i).query(Long.class).single();
            jdbc.sql("""
                            INSERT INTO wave_target (campaign_id, cluster_id, cluster_name, region, zone, wave,
                                position, state, updated_at)
                            VALUES (?, ?, ?, 'eu', 'eu-1a', 0, ?, ?, now())""")
                    .params(campaign, clusters[i], "hot-target-" + i, 4 - i, i < 2 ? "DISPATCHED" : "PENDING")
                    .update();
        }

        Map<String, Long> written = new TransactionTemplate(transactions).execute(tx -> {
            Map<String, Long> before = writes();
            List<TargetChange> moved = targets.apply(List.of(
                    new TargetUpdate(campaign, clusters[0], TargetState.IN_PROGRESS, 1, 3, "{\"updated\": 1}", "1/3"),
                    new TargetUpdate(campaign, clusters[1], TargetState.SUCCEEDED, 3, 3, "{\"updated\": 3}", "3/3")));
            assertThat(moved).hasSize(2);
            Map<String, Long> after = writes();
            return Map.of("updated", after.get("updated") - before.get("updated"),
                    "hot", after.get("hot") - before.get("hot"));
        });

        assertThat(written).containsEntry("updated", 2L).containsEntry("hot", 2L);
        assertThat(targets.candidates(campaign, 0, 0, 10).ready()).extracting(Targets.Candidate::clusterId)
                .as("pending only, by position").containsExactly(clusters[3], clusters[2]);
        assertThat(targets.counts(campaign, 0).wave()).containsEntry(TargetState.IN_PROGRESS, 1)
                .containsEntry(TargetState.SUCCEEDED, 1).containsEntry(TargetState.PENDING, 2);
    }

    @Test
    void noIndexOfTheTargetTableUsesAColumnAReportWrites() {
        List<String> definitions = jdbc.sql("SELECT pg_get_indexdef(indexrelid) FROM pg_index "
                + "WHERE indrelid = 'wave_target'::regclass").query(String.class).list();

        assertThat(definitions).isNotEmpty().allSatisfy(definition -> assertThat(
                definition.substring(definition.indexOf(" USING "))).doesNotContainPattern(
                "\\b(state|rollback|batch|batches|observed|message|resources|updated_at)\\b"));
    }

    private Map<String, Long> writes() {
        return jdbc.sql("SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_xact_user_tables WHERE relname = 'wave_target'")
                .query((rs, i) -> Map.of("updated", rs.getLong(1), "hot", rs.getLong(2))).single();
    }
}
