package dev.flotilla.meta.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flotilla.meta.support.Api;
import dev.flotilla.meta.support.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * How dispatch treats clusters whose rendered bundles differ or cannot be rendered, with the application's real
 * overrides: {@code tier=big} clusters get 5 replicas, {@code own=yes} clusters their name in an annotation (every
 * bundle differs), and a cluster labelled {@code refuse=yes} after the revision was posted (so the revision-time
 * check did not see it) matches an override whose target the bundle does not hold.
 */
@IntegrationTest
class RolloutOverridesIT extends RolloutHarness {

    private static final Logger log = LoggerFactory.getLogger(RolloutOverridesIT.class);

    /** Application {@code name} of one revision: the harness's CloneSet and the overrides. */
    private String application(String name, List<Map<String, Object>> overrides) {
        assertThat(api.post(ADMIN, "/api/v1/applications",
                Map.of("name", name, "tenant", "acme", "namespace", "shop", "kind", "CloneSet")).status())
                .isEqualTo(201);
        Api.Reply revision = api.post(ADMIN, "/api/v1/applications/" + name + "/revisions",
                Map.of("manifest", manifest(name, "web:v1"), "overrides", overrides));
        assertThat(revision.status()).as(revision.raw()).isEqualTo(201);
        return name;
    }

    private static Map<String, Object> override(String selector, String kind, String name,
            Map<String, Object> mergePatch) {
        return Map.of("clusters", Map.of("selector", selector),
                "patches", List.of(Map.of("target", Map.of("kind", kind, "name", name), "mergePatch", mergePatch)));
    }

    @Test
    void clustersGetTheirOwnBundleAndOneThatCannotBeRenderedFailsAgainstTheBudget() {
        List<String> clusters = fleet.addInZones(4, "a");
        label(clusters.get(1), "tier", "big");
        label(clusters.get(2), "tier", "big");
        String app = application(fleet.name("web"), List.of(
                override("tier=big", "CloneSet", fleet.name("web"), Map.of("spec", Map.of("replicas", 5))),
                override("refuse=yes," + fleet.selector(), "Service", "web", Map.of("spec", Map.of("type", "ClusterIP")))));
        label(clusters.get(3), "refuse", "yes");

        long id = start(body(app, 1, "maxFailures", 0));

        awaitState(id, "PAUSED");
        JsonNode paused = rollout(id);
        assertThat(paused.path("failures").asInt()).isEqualTo(1);
        assertThat(paused.path("message").asString()).contains("failure budget");
        JsonNode failed = api.get(ADMIN, "/api/v1/rollouts/" + id + "/targets?state=FAILED").body().path("items");
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).path("cluster").asString()).isEqualTo(clusters.get(3));
        assertThat(failed.get(0).path("message").asString()).contains("revision 1 cannot be rendered", "overrides[1]", "Service");
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
        String app = application(fleet.name("web"), List.of(override("own=yes," + fleet.selector(), "CloneSet",
                fleet.name("web"), Map.of("metadata", Map.of("annotations", Map.of("cluster", "${cluster.name}"))))));

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
