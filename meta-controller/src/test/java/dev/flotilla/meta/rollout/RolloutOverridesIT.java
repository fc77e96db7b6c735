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
                if ("yes".equals(c.labels().get("refuse"))) {
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

    private void label(String cluster, String key, String value) {
        jdbc.sql("UPDATE cluster SET labels = labels || jsonb_build_object(?::text, ?::text) WHERE name = ?")
                .params(key, value, cluster).update();
    }
}
