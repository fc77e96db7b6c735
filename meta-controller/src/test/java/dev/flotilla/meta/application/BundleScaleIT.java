package dev.flotilla.meta.application;

import static dev.flotilla.meta.application.Bundles.cloneSet;
import static dev.flotilla.meta.application.Bundles.configMap;
import static dev.flotilla.meta.application.Bundles.object;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.meta.support.Api;
import dev.flotilla.meta.support.Fleet;
import dev.flotilla.meta.support.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A revision with per-cluster overrides checked against 10,000 clusters of its tenant, and rendered for all of them
 * in one batch: each distinct rendering is made once, the clusters are read a page at a time.
 */
@IntegrationTest
class BundleScaleIT {

    private static final Logger log = LoggerFactory.getLogger(BundleScaleIT.class);
    private static final int CLUSTERS = 10_000;
    private static final String TENANT = "bundle-scale";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    BundleRendering rendering;

    @AfterEach
    void removeTheFleet() {
        jdbc.sql("DELETE FROM cluster WHERE tenant = ?").param(TENANT).update();
    }

    @Test
    void checksAndRendersARevisionForTenThousandClusters() {
        jdbc.sql("""
                INSERT INTO cluster (name, tenant, region, zone, labels)
                SELECT 'scale-' || g, ?, 'region-' || (g % 3), 'zone-' || (g % 9),
                       jsonb_build_object('tier', CASE WHEN g % 2 = 0 THEN 'gold' ELSE 'silver' END)
                FROM generate_series(1, ?) g""").params(TENANT, CLUSTERS).update();
        Api api = new Api(port);
        assertThat(api.post(Fleet.ADMIN, "/api/v1/applications", Map.of("name", "scale-app", "tenant", TENANT,
                "namespace", "shop")).status()).isEqualTo(201);
        Map<String, Object> body = Map.of("resources", List.of(object("v1", "Namespace", "shop"),
                        configMap("web-config", Map.of("host", "${cluster.name}.example")), object("v1", "Service", "web"),
                        cloneSet("web", "web:1")),
                "overrides", List.of(Map.of("clusters", Map.of("selector", "tier=gold"), "patches", List.of(
                        Map.of("target", Map.of("kind", "CloneSet", "name", "web"),
                                "mergePatch", Map.of("spec", Map.of("replicas", 5)))))));

        long start = System.nanoTime();
        Api.Reply posted = api.post(Fleet.ADMIN, "/api/v1/applications/scale-app/revisions", body);
        long checkMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(posted.status()).as(posted.raw()).isEqualTo(201);

        long appId = jdbc.sql("SELECT id FROM application WHERE name = 'scale-app'").query(Long.class).single();
        List<RenderTarget> targets = jdbc.sql("SELECT id, name, region, zone, labels->>'tier' FROM cluster "
                        + "WHERE tenant = ? ORDER BY name")
                .param(TENANT).query((rs, i) -> new RenderTarget(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), Map.of("tier", rs.getString(5)))).list();
        start = System.nanoTime();
        Map<Long, Rendered> rendered = rendering.render(appId, 1, targets);
        long renderMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(rendered).hasSize(CLUSTERS).allSatisfy((id, r) -> assertThat(r).isInstanceOf(Rendered.Bundle.class));
        log.info("A revision whose every cluster gets its own bundle (${cluster.name}), 10,000 clusters: "
                + "checked at POST in {} ms, rendered in one batch in {} ms", checkMillis, renderMillis);
        assertThat(checkMillis).as("the POST's check of 10,000 clusters").isLessThan(60_000);

        // the common case: overrides by label, no per-cluster placeholder, so two distinct renderings in all
        Map<String, Object> byRegion = Map.of("resources", List.of(cloneSet("web", "web:2")),
                "overrides", List.of(Map.of("clusters", Map.of("selector", "tier=gold"), "patches", List.of(
                        Map.of("target", Map.of("kind", "CloneSet", "name", "web"),
                                "mergePatch", Map.of("spec", Map.of("replicas", 5)))))));
        start = System.nanoTime();
        assertThat(api.post(Fleet.ADMIN, "/api/v1/applications/scale-app/revisions", byRegion).status()).isEqualTo(201);
        long labelMillis = (System.nanoTime() - start) / 1_000_000;
        start = System.nanoTime();
        Map<Long, Rendered> two = rendering.render(appId, 2, targets);
        long labelRenderMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(two.values().stream().distinct()).hasSize(2);
        log.info("A revision with a label override only, 10,000 clusters: checked at POST in {} ms, rendered in {} ms",
                labelMillis, labelRenderMillis);
    }
}
