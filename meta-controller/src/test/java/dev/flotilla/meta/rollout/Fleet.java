package dev.flotilla.meta.rollout;

import dev.flotilla.meta.support.Api;
import dev.flotilla.meta.token.Secrets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Test clusters and their agents: clusters are inserted with SQL, labelled with a suite label so that
 * a test's rollouts select only its own; agents speak real HTTP with their agent tokens.
 */
final class Fleet {

    private static final AtomicInteger SUITES = new AtomicInteger();

    final String suite = "s" + SUITES.incrementAndGet() + "-" + System.nanoTime() % 100000;
    private JdbcClient jdbc;
    private Api api;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final AtomicLong seq = new AtomicLong();

    Fleet(JdbcClient jdbc, Api api) {
        this.jdbc = jdbc;
        this.api = api;
    }

    /** Talks to another meta-controller instance from now on (after a restart). */
    void use(JdbcClient jdbc, Api api) {
        this.jdbc = jdbc;
        this.api = api;
    }

    /** The selector matching this fleet's clusters. */
    String selector() {
        return "suite=" + suite;
    }

    String name(String shortName) {
        return suite + "-" + shortName;
    }

    /** Adds READY clusters {@code <suite>-<zone>-<i>} in each zone. */
    List<String> addInZones(int perZone, String... zones) {
        List<String> names = new ArrayList<>();
        for (String zone : zones) {
            for (int i = 1; i <= perZone; i++) {
                names.add(add(zone + "-" + String.format("%02d", i), zone, "READY"));
            }
        }
        return names;
    }

    String add(String shortName, String zone, String state) {
        return add(shortName, zone, state, "acme");
    }

    String add(String shortName, String zone, String state, String tenant) {
        String name = name(shortName);
        String token = Secrets.generate(Secrets.AGENT_PREFIX);
        jdbc.sql("""
                        INSERT INTO cluster (name, tenant, region, zone, labels, state, agent_token_hash)
                        VALUES (?, ?, 'eu', ?, ?::jsonb, ?, ?)""")
                .params(name, tenant, zone, "{\"suite\":\"" + suite + "\"}", state, Secrets.hash(token)).update();
        tokens.put(name, token);
        return name;
    }

    void setState(String cluster, String state) {
        jdbc.sql("UPDATE cluster SET state = ? WHERE name = ?").params(state, cluster).update();
    }

    String token(String cluster) {
        return tokens.get(cluster);
    }

    /** The cluster's work item for the application, or null. */
    JsonNode item(String cluster, String application) {
        Api.Reply reply = api.get(token(cluster), "/agent/v1/work");
        if (reply.status() == 204) {
            return null; // the poll from generation 0 waited: the cluster never had work
        }
        if (reply.status() != 200) {
            throw new AssertionError("work poll of " + cluster + " answered " + reply.status() + ": " + reply.raw());
        }
        for (JsonNode item : reply.body().path("items")) {
            if (item.path("application").asString().equals(application)) {
                return item;
            }
        }
        return null;
    }

    /** Reports a phase on the cluster's current item of the application; answers the HTTP status. */
    int report(String cluster, String application, String phase) {
        JsonNode item = item(cluster, application);
        return report(cluster, item.path("workId").asString(), item.path("generation").asLong(), seq.incrementAndGet(),
                phase);
    }

    int report(String cluster, String workId, long generation, long seq, String phase) {
        return reportAs(token(cluster), workId, generation, seq, phase);
    }

    int reportAs(String token, String workId, long generation, long seq, String phase) {
        Map<String, Object> report = Map.of("workId", workId, "generation", generation, "seq", seq, "phase", phase,
                "batch", 1, "batches", 1, "observed", Map.of("replicas", 3, "updatedReplicas", 3,
                        "updatedReadyReplicas", 3, "readyReplicas", 3, "observedGeneration", 2,
                        "updateRevision", "web-2"));
        return api.post(token, "/agent/v1/status", Map.of("reports", List.of(report))).status();
    }

    long nextSeq() {
        return seq.incrementAndGet();
    }
}
