package dev.flotilla.meta.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.doAnswer;

import dev.flotilla.meta.application.BundleRendering;
import dev.flotilla.meta.application.RenderTarget;
import dev.flotilla.meta.application.Rendered;
import dev.flotilla.meta.support.IntegrationTest;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import tools.jackson.databind.JsonNode;

/**
 * How dispatch treats clusters whose rendered bundles differ or cannot be rendered. Per-cluster overrides belong to
 * {@link BundleRendering}; here its answers are bent per cluster label (the real rendering, then {@code tier=big}
 * clusters get 5 replicas and {@code refuse=yes} clusters a refusal), so that this test fixes only what the rollout
 * side does with them.
 */
@IntegrationTest
class RolloutOverridesIT extends RolloutHarness {

    private static final Logger log = LoggerFactory.getLogger(RolloutOverridesIT.class);
    static final String REFUSAL = "override 0 (clusters refuse=yes) does not apply: no resource Service/web";

    @MockitoSpyBean
    BundleRendering rendering;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void bendTheRendering() {
        doAnswer(call -> {
            Map<Long, Rendered> real = (Map<Long, Rendered>) call.callRealMethod();
            Map<Long, Rendered> bent = new HashMap<>(real);
            for (RenderTarget c : (List<RenderTarget>) call.getArgument(2)) {
                if ("yes".equals(c.labels().get("own"))
                        && real.get(c.clusterId()) instanceof Rendered.Bundle b) {
                    // like a ${cluster.name} substitution: every cluster's bundle differs
                    bent.put(c.clusterId(), new Rendered.Bundle(b.resources().stream().map(r -> {
                        Map<String, Object> copy = new LinkedHashMap<>(r);
                        copy.put("metadata", Map.of("name", r.get("metadata") instanceof Map<?, ?> m
                                ? m.get("name") : "web", "annotations", Map.of("cluster", c.name())));
                        return (Map<String, Object>) copy;
                    }).toList()));
                } else if ("yes".equals(c.labels().get("refuse"))) {
                    bent.put(c.clusterId(), new Rendered.Refused(REFUSAL));
                } else if ("big".equals(c.labels().get("tier"))
                        && real.get(c.clusterId()) instanceof Rendered.Bundle b) {
                    bent.put(c.clusterId(), new Rendered.Bundle(b.resources().stream().map(r -> {
                        Map<String, Object> copy = new LinkedHashMap<>(r);
                        Map<String, Object> spec = new LinkedHashMap<>((Map<String, Object>) r.get("spec"));
                        spec.put("replicas", 5);
                        copy.put("spec", spec);
                        return (Map<String, Object>) copy;
                    }).toList()));
                }
            }
            return bent;
        }).when(rendering).render(anyLong(), anyInt(), anyList());
    }

    @Test
    void clustersGetTheirOwnBundleAndOneThatCannotBeRenderedFailsAgainstTheBudget() {
        List<String> clusters = fleet.addInZones(4, "a");
        label(clusters.get(1), "tier", "big");
        label(clusters.get(2), "tier", "big");
        label(clusters.get(3), "refuse", "yes");
        String app = application(1);

        long id = start(body(app, 1, "maxFailures", 0));

        awaitState(id, "PAUSED");
        JsonNode paused = rollout(id);
        assertThat(paused.path("failures").asInt()).isEqualTo(1);
        assertThat(paused.path("message").asString()).contains("failure budget");
        JsonNode failed = api.get(ADMIN, "/api/v1/rollouts/" + id + "/targets?state=FAILED").body().path("items");
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).path("cluster").asString()).isEqualTo(clusters.get(3));
        assertThat(failed.get(0).path("message").asString()).contains("revision 1 cannot be rendered", REFUSAL);
        assertThat(fleet.item(clusters.get(3), app)).as("no work was sent").isNull();

        assertThat(fleet.item(clusters.get(0), app).path("manifest").path("spec").path("replicas").asInt())
                .isEqualTo(3);
        for (String big : clusters.subList(1, 3)) {
            JsonNode item = fleet.item(big, app);
            assertThat(item.path("resources").get(0).path("spec").path("replicas").asInt()).isEqualTo(5);
            assertThat(item.path("manifest").path("spec").path("replicas").asInt()).isEqualTo(5);
        }
        assertThat(jdbc.sql("SELECT count(DISTINCT manifest_hash) FROM work_item WHERE kind = 'ROLLOUT' "
                + "AND campaign_id = ?").param(id).query(Long.class).single())
                .as("the two big clusters share one stored bundle").isEqualTo(2);
        await().atMost(PATIENCE).until(() -> targets(id, "state=DISPATCHED").size() == 3);
    }

    @Test
    void clustersWithBundlesOfTheirOwnAreDispatchedInBatches() {
        int clusters = 2000;
        jdbc.sql("""
                        INSERT INTO cluster (name, tenant, region, zone, labels, state)
                        SELECT ? || '-' || lpad(i::text, 5, '0'), 'acme', 'eu', 'z' || (i % 5), ?::jsonb, 'READY'
                        FROM generate_series(1, ?) AS i""")
                .params(fleet.suite, "{\"suite\":\"" + fleet.suite + "\",\"own\":\"yes\"}", clusters).update();
        String app = application(1);

        long started = System.nanoTime();
        long id = start(body(app, 1));
        await().atMost(PATIENCE).until(() -> count(rollout(id), "DISPATCHED") == clusters);
        long ms = (System.nanoTime() - started) / 1_000_000;

        log.info("{} clusters with a bundle each: created and all dispatched in {} ms", clusters, ms);
        assertThat(jdbc.sql("SELECT count(DISTINCT manifest_hash) FROM work_item WHERE kind = 'ROLLOUT' "
                + "AND campaign_id = ?").param(id).query(Long.class).single()).isEqualTo(clusters);
        String one = fleet.suite + "-00042";
        assertThat(jdbc.sql("""
                        SELECT m.manifest::text FROM work_item w JOIN work_manifest m ON m.hash = w.manifest_hash
                        JOIN cluster c ON c.id = w.cluster_id WHERE w.campaign_id = ? AND c.name = ?""")
                .params(id, one).query(String.class).single()).contains("\"cluster\": \"" + one + "\"");
        assertThat(jdbc.sql("SELECT count(*) FROM wave_event WHERE campaign_id = ? AND type = 'TARGET_DISPATCHED'")
                .param(id).query(Long.class).single()).isEqualTo(clusters);
    }

    private void label(String cluster, String key, String value) {
        jdbc.sql("UPDATE cluster SET labels = labels || jsonb_build_object(?::text, ?::text) WHERE name = ?")
                .params(key, value, cluster).update();
    }
}
