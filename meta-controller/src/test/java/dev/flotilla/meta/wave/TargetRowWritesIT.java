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
        long campaign = pausedCampaign("hot-targets", 4);
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

    /**
     * The dispatch's search for pending targets answers where the wave's pending targets begin, whatever their
     * carrier's state, and a search from there reads only the targets from there on: the plan-order index holds no
     * state, so a search from the wave's start reads every target already dispatched. Rows read are counted with
     * {@code pg_stat_xact_user_tables} (heap rows fetched through an index plus rows read by sequential scans).
     */
    @Test
    void theSearchForPendingTargetsAnswersWhereTheyBeginAndReadsOnlyFromThere() {
        // 1,000 targets in plan order: 900 dispatched, the 901st pending on a cluster that is not READY, then 99
        // pending on READY clusters
        long campaign = pausedCampaign("pending-search", 1000);
        jdbc.sql("""
                        INSERT INTO cluster (name, tenant, region, zone, state)
                        SELECT 'pending-search-' || n, 'acme', 'eu', 'eu-1a', CASE WHEN n = 901 THEN 'NOT_READY'
                            ELSE 'READY' END
                        FROM generate_series(1, 1000) n""").update();
        jdbc.sql("""
                        INSERT INTO wave_target (campaign_id, cluster_id, cluster_name, region, zone, wave, position,
                            state, updated_at)
                        SELECT ?, c.id, c.name, 'eu', 'eu-1a', 0, n, CASE WHEN n <= 900 THEN 'DISPATCHED'
                            ELSE 'PENDING' END, now()
                        FROM generate_series(1, 1000) n JOIN cluster c ON c.name = 'pending-search-' || n""")
                .param(campaign).update();
        jdbc.sql("ANALYZE wave_target").update();
        jdbc.sql("ANALYZE cluster").update();

        Targets.Candidates fromStart = targets.candidates(campaign, 0, 0, 10);
        assertThat(fromStart.firstPending()).as("the first pending target, its cluster not READY").isEqualTo(901);
        assertThat(fromStart.ready()).extracting(Targets.Candidate::position)
                .containsExactly(902, 903, 904, 905, 906, 907, 908, 909, 910, 911);
        assertThat(targets.candidates(campaign, 0, 900, 10)).isEqualTo(fromStart);
        assertThat(targets.candidates(campaign, 0, 1000, 10))
                .isEqualTo(new Targets.Candidates(List.of(), Integer.MAX_VALUE));

        long readFromStart = rowsRead(() -> targets.candidates(campaign, 0, 0, 10));
        long readFromFloor = rowsRead(() -> targets.candidates(campaign, 0, 900, 10));
        assertThat(readFromStart).as("from the start: the 900 dispatched, twice").isGreaterThanOrEqualTo(1800);
        // the first pending position is one probe of the plan-order index or a read of the rows after the floor,
        // as the planner weighs the state's statistics (a full test database tips it to the read)
        assertThat(readFromFloor).as("from the floor: at most the 100 targets after it, once in each half of the "
                + "statement").isLessThanOrEqualTo(210);
    }

    /** A campaign the engine leaves alone (PAUSED), with no targets yet. */
    private long pausedCampaign(String subject, int targetCount) {
        return jdbc.sql("""
                        INSERT INTO wave_campaign (kind, subject, state, waves, target_count, max_failures, on_failure,
                            unreachable, created_at, updated_at)
                        VALUES ('ROLLOUT', ?, 'PAUSED', '[]', ?, 0, 'PAUSE', 'WAIT', now(), now())
                        RETURNING id""").params(subject, targetCount).query(Long.class).single();
    }

    /** Rows of wave_target read by the statement, counted in its own transaction. */
    private long rowsRead(Runnable search) {
        return new TransactionTemplate(transactions).execute(tx -> {
            long before = read();
            search.run();
            return read() - before;
        });
    }

    private long read() {
        return jdbc.sql("""
                        SELECT coalesce(idx_tup_fetch, 0) + coalesce(seq_tup_read, 0) FROM pg_stat_xact_user_tables
                        WHERE relname = 'wave_target'""").query(Long.class).single();
    }

    private Map<String, Long> writes() {
        return jdbc.sql("SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_xact_user_tables WHERE relname = 'wave_target'")
                .query((rs, i) -> Map.of("updated", rs.getLong(1), "hot", rs.getLong(2))).single();
    }
}
