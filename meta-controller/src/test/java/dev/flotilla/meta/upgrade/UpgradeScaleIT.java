package dev.flotilla.meta.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flotilla.meta.support.Api;
import dev.flotilla.meta.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * A fleet upgrade of a thousand tenant control planes on ten hosts, the hosts' agents reporting over HTTP in one
 * batch per host and step: every tenant gets its four steps in order, each once. Logs the figures.
 */
@IntegrationTest
class UpgradeScaleIT extends UpgradeExecutionHarness {

    private static final Logger log = LoggerFactory.getLogger(UpgradeScaleIT.class);
    private static final int HOSTS = 10;
    private static final int TENANTS = 1000;
    private final AtomicLong seq = new AtomicLong();

    @Test
    void upgradesAThousandControlPlanesOnTenHostsStepByStep() {
        List<String> hosts = new ArrayList<>();
        for (int h = 0; h < HOSTS; h++) {
            hosts.add(fleet.host("host" + h));
        }
        jdbc.sql("""
                        INSERT INTO cluster (name, tenant, region, zone, labels, state, kubernetes_version,
                            kubelet_versions)
                        SELECT ? || '-t' || lpad(i::text, 5, '0'), 'acme', 'eu', 'z' || (i % 3), ?::jsonb, 'READY',
                            'v1.31.2', ARRAY['v1.31.1'] FROM generate_series(1, ?) AS i""")
                .params(fleet.suite, "{\"suite\":\"" + fleet.suite + "\"}", TENANTS).update();
        jdbc.sql("""
                        INSERT INTO control_plane (cluster_id, host_cluster_id, namespace, version)
                        SELECT c.id, h.id, 'cp-' || c.name, '1.31' FROM cluster c
                        JOIN cluster h ON h.name = ? || '-host' || (c.id % ?)
                        WHERE c.labels @> ?::jsonb""")
                .params(fleet.suite, HOSTS, "{\"suite\":\"" + fleet.suite + "\"}").update();

        long started = System.nanoTime();
        Api.Reply created = api.post(ADMIN, "/api/v1/upgrades", Map.of("clusters", Map.of("selector", fleet.selector()),
                "targetVersion", "1.32"));
        long createdAt = System.nanoTime();
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        long id = created.body().path("id").asLong();
        List<Long> stepMillis = new ArrayList<>();
        for (String component : List.of("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler")) {
            long stepStart = System.nanoTime();
            int done = 0;
            for (String host : hosts) {
                List<JsonNode> items = await().atMost(PATIENCE).until(() -> itemsOf(host, component),
                        found -> found.size() == TENANTS / HOSTS);
                assertThat(reportAll(host, items)).isEqualTo(204);
                done += items.size();
            }
            assertThat(done).isEqualTo(TENANTS);
            stepMillis.add((System.nanoTime() - stepStart) / 1_000_000);
        }
        awaitCampaignState(id, "SUCCEEDED");
        long finished = System.nanoTime();

        assertThat(jdbc.sql("SELECT count(*) FROM control_plane cp JOIN cluster c ON c.id = cp.cluster_id "
                + "WHERE c.labels @> ?::jsonb AND cp.version = '1.32'").param("{\"suite\":\"" + fleet.suite + "\"}")
                .query(Integer.class).single()).isEqualTo(TENANTS);
        log.info("upgrade of {} control planes on {} hosts: create {} ms; per step (wait for all items + one report "
                        + "batch per host) {} ms; total {} ms", TENANTS, HOSTS, (createdAt - started) / 1_000_000,
                stepMillis, (finished - started) / 1_000_000);
    }

    /** The host's items of this component at 1.32 not yet reported on. */
    private List<JsonNode> itemsOf(String host, String component) {
        return fleet.work(host).stream().filter(i -> i.path("name").asString().equals(component)
                && i.path("revision").asInt() == 32).toList();
    }

    private int reportAll(String host, List<JsonNode> items) {
        List<Map<String, Object>> reports = items.stream().map(i -> Map.<String, Object>of(
                "workId", i.path("workId").asString(), "generation", i.path("generation").asLong(),
                "seq", seq.incrementAndGet(), "phase", "SUCCEEDED")).toList();
        return api.post(fleet.token(host), "/agent/v1/status", Map.of("reports", reports)).status();
    }
}
