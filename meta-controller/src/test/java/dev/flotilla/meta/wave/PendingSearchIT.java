package dev.flotilla.meta.wave;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.meta.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The dispatch's search for pending targets on PostgreSQL: it answers where the wave's pending targets begin, whatever
 * their carrier's state, and a search from there reads only the targets from there on. The plan-order index holds no
 * state (V18), so a search from the wave's start reads every target already dispatched; rows read are counted with
 * {@code pg_stat_xact_user_tables} (heap rows fetched through an index plus rows read by sequential scans).
 */
@IntegrationTest
class PendingSearchIT {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TargetStore targets;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void theSearchAnswersWherePendingTargetsBeginAndReadsOnlyFromThere() {
        // 1,000 targets in plan order: 900 dispatched, the 901st pending on a cluster that is not READY, then 99
        // pending on READY clusters; PAUSED, so the engine leaves the campaign alone
        long campaign = jdbc.sql("""
                        INSERT INTO wave_campaign (kind, subject, state, waves, target_count, max_failures, on_failure,
                            unreachable, created_at, updated_at)
                        VALUES ('ROLLOUT', 'pending-search', 'PAUSED', '[]', 1000, 0, 'PAUSE', 'WAIT', now(), now())
                        RETURNING id""").query(Long.class).single();
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
                .isEqualTo(new Targets.Candidates(java.util.List.of(), Integer.MAX_VALUE));

        long readFromStart = rowsRead(() -> targets.candidates(campaign, 0, 0, 10));
        long readFromFloor = rowsRead(() -> targets.candidates(campaign, 0, 900, 10));
        assertThat(readFromStart).as("from the start: the 900 dispatched, twice").isGreaterThanOrEqualTo(1800);
        assertThat(readFromFloor).as("from the floor: at most the 100 targets after it and the first pending's probe")
                .isLessThanOrEqualTo(110);
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
}
