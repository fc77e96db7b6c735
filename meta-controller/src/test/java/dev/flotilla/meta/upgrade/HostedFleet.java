package dev.flotilla.meta.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.meta.support.Api;
import dev.flotilla.meta.token.Secrets;
import dev.flotilla.testsupport.SharedPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Hosting clusters and the tenants whose control planes they run, inserted with SQL as their agents would have
 * reported them, each with an agent token; the agents' side is played over real HTTP.
 */
final class HostedFleet {

    private static final AtomicInteger SUITES = new AtomicInteger();

    final String suite = "h" + SUITES.incrementAndGet() + "-" + System.nanoTime() % 100000;
    private final JdbcClient jdbc;
    private final Api api;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final AtomicLong seq = new AtomicLong();

    HostedFleet(JdbcClient jdbc, Api api) {
        this.jdbc = jdbc;
        this.api = api;
    }

    String name(String shortName) {
        return suite + "-" + shortName;
    }

    String selector() {
        return "suite=" + suite;
    }

    /** A READY hosting cluster (not part of the suite's upgrade selection). */
    String host(String shortName) {
        return insert(name(shortName), "{\"role\":\"host\"}", "v1.33.1", List.of("v1.33.1"), "zone-a");
    }

    /** A READY tenant at {@code version} with kubelets at {@code kubelet}, its control plane on {@code host}. */
    String tenant(String shortName, String host, String version, String kubelet) {
        String name = insert(name(shortName), "{\"suite\":\"" + suite + "\"}", "v" + version + ".2",
                List.of("v" + kubelet + ".1"), "zone-" + (Math.floorMod(shortName.hashCode(), 2) == 0 ? "a" : "b"));
        Api.Reply reply = api.put(SharedPostgres.ADMIN_TOKEN, "/api/v1/clusters/" + name + "/control-plane",
                Map.of("hostCluster", host, "namespace", "cp-" + name, "version", version));
        assertThat(reply.status()).as(reply.raw()).isEqualTo(200);
        return name;
    }

    /** A READY cluster of the suite without a hosted control plane (a rollout target). */
    String member(String shortName) {
        return insert(name(shortName), "{\"suite\":\"" + suite + "\"}", "v1.31.2", List.of("v1.31.1"), "zone-a");
    }

    void setZone(String cluster, String zone) {
        jdbc.sql("UPDATE cluster SET zone = ? WHERE name = ?").params(zone, cluster).update();
    }

    private String insert(String name, String labels, String version, List<String> kubelets, String zone) {
        String token = Secrets.generate(Secrets.AGENT_PREFIX);
        jdbc.sql("""
                        INSERT INTO cluster (name, tenant, region, zone, labels, state, kubernetes_version,
                            kubelet_versions, agent_token_hash) VALUES (?, 'acme', 'eu', ?, ?::jsonb, 'READY', ?, ?, ?)""")
                .params(name, zone, labels, version, kubelets.toArray(String[]::new), Secrets.hash(token)).update();
        tokens.put(name, token);
        return name;
    }

    String token(String cluster) {
        return tokens.get(cluster);
    }

    /** The cluster's current work items (a poll from generation 0: 204 after the wait when it never had any). */
    List<JsonNode> work(String cluster) {
        Api.Reply reply = api.get(token(cluster), "/agent/v1/work");
        assertThat(reply.status()).as(reply.raw()).isIn(200, 204);
        List<JsonNode> items = new ArrayList<>();
        if (reply.status() == 204) {
            return items;
        }
        reply.body().path("items").forEach(items::add);
        return items;
    }

    /** The host's item for a tenant's component, or null. */
    JsonNode item(String host, String tenant, String component) {
        return work(host).stream().filter(i -> i.path("application").asString().equals(tenant + "-" + component))
                .findFirst().orElse(null);
    }

    /** Reports a phase on an item as {@code reporter}'s agent; answers the HTTP status. */
    int report(String reporter, JsonNode item, String phase) {
        Map<String, Object> report = Map.of("workId", item.path("workId").asString(),
                "generation", item.path("generation").asLong(), "seq", seq.incrementAndGet(), "phase", phase,
                "batch", 1, "batches", 1, "message", phase.equals("FAILED") ? "pods crash-looping" : "");
        return api.post(token(reporter), "/agent/v1/status", Map.of("reports", List.of(report))).status();
    }

    /** The tenant's own agent reports its apiserver version. */
    void reportVersion(String tenant, String version) {
        Api.Reply reply = api.put(token(tenant), "/agent/v1/facts", Map.of("kubernetesVersion", version,
                "kruiseVersion", "v1.8.0", "agentVersion", "test", "nodes", 3));
        assertThat(reply.status()).as(reply.raw()).isEqualTo(204);
    }

    void setWindow(String cluster, Map<String, Object> window) {
        Api.Reply reply = api.put(SharedPostgres.ADMIN_TOKEN, "/api/v1/clusters/" + cluster + "/maintenance-window",
                window);
        assertThat(reply.status()).as(reply.raw()).isEqualTo(200);
    }
}
