package dev.flotilla.meta.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flotilla.api.agent.StatusReport;
import dev.flotilla.api.agent.WorkPhase;
import dev.flotilla.meta.agentgateway.StatusRouter;
import dev.flotilla.meta.cluster.AgentCaller;
import dev.flotilla.meta.support.IntegrationTest;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A rollout to thousands of clusters: every cluster dispatched exactly once, every report taken. The agents'
 * side calls the work source and the status receiver directly (8 threads, one report per call, as agents do),
 * so the figures logged are the service's own cost without HTTP.
 */
@IntegrationTest
class RolloutScaleIT extends RolloutHarness {

    private static final Logger log = LoggerFactory.getLogger(RolloutScaleIT.class);
    private static final int CLUSTERS = 5000;

    @Autowired
    StatusRouter router;

    @Test
    void rollsOutToFiveThousandClustersDispatchingEachOnce() throws Exception {
        jdbc.sql("""
                        INSERT INTO cluster (name, tenant, region, zone, labels, state)
                        SELECT ? || '-' || lpad(i::text, 5, '0'), 'acme', 'eu', 'z' || (i % 5), ?::jsonb, 'READY'
                        FROM generate_series(1, ?) AS i""")
                .params(fleet.suite, "{\"suite\":\"" + fleet.suite + "\"}", CLUSTERS).update();
        String app = application(1);

        long started = System.nanoTime();
        long id = start(body(app, 1, "canary", java.util.Map.of("count", 50), "waves", List.of("100%")));
        long created = System.nanoTime();
        await().atMost(PATIENCE).until(() -> count(rollout(id), "DISPATCHED") == 50);
        reportAll(dispatched(id), app);
        long canaryDone = System.nanoTime();
        await().atMost(PATIENCE).until(() -> count(rollout(id), "PENDING") == 0);
        long dispatched = System.nanoTime();
        List<Long> wave = dispatched(id);
        reportAll(wave, app);
        long reported = System.nanoTime();
        awaitState(id, "SUCCEEDED");
        long finished = System.nanoTime();

        log.info("rollout to {} clusters: create+plan {} ms; wave 1 ({} clusters) all dispatched {} ms after the "
                        + "canary's last report; {} reports in {} ms ({} reports/s); SUCCEEDED {} ms after the last "
                        + "report", CLUSTERS, ms(started, created), wave.size(), ms(canaryDone, dispatched),
                wave.size() * 2, ms(dispatched, reported), wave.size() * 2L * 1000 / Math.max(1, ms(dispatched, reported)),
                ms(reported, finished));
        assertThat(count(rollout(id), "SUCCEEDED")).isEqualTo(CLUSTERS);
        assertThat(jdbc.sql("SELECT count(*) FROM wave_event WHERE campaign_id = ? AND type = 'TARGET_DISPATCHED'")
                .param(id).query(Long.class).single()).isEqualTo(CLUSTERS);
        assertThat(jdbc.sql("SELECT max(generation) FROM work_item WHERE campaign_id = ? AND kind = 'ROLLOUT'").param(id)
                .query(Long.class).single()).isEqualTo(1);
    }

    private List<Long> dispatched(long id) {
        return jdbc.sql("SELECT cluster_id FROM wave_target WHERE campaign_id = ? AND state = 'DISPATCHED'")
                .param(id).query(Long.class).list();
    }

    /** Every cluster's agent reports APPLYING then SUCCEEDED on its item, from 8 threads. */
    private void reportAll(List<Long> clusterIds, String app) throws Exception {
        ExecutorService agents = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new java.util.ArrayList<>();
            clusterIds.forEach(clusterId -> done.add(agents.submit(() -> {
                AgentCaller agent = new AgentCaller(clusterId, "c" + clusterId);
                Item item = jdbc.sql("SELECT work_id, generation FROM work_item WHERE carrier_id = ? AND slot = ?")
                        .params(clusterId, "application/" + app)
                        .query((rs, i) -> new Item(rs.getString(1), rs.getLong(2))).single();
                router.route(agent, List.of(report(item, 1, WorkPhase.APPLYING)));
                router.route(agent, List.of(report(item, 2, WorkPhase.SUCCEEDED)));
            })));
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            agents.shutdownNow();
        }
    }

    private record Item(String workId, long generation) {
    }

    private static StatusReport report(Item item, long seq, WorkPhase phase) {
        return new StatusReport(item.workId(), item.generation(), seq, phase, 1, 1, null, null);
    }

    private static long ms(long from, long to) {
        return (to - from) / 1_000_000;
    }
}
