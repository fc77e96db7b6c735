package dev.flotilla.meta.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.meta.token.Secrets;
import dev.flotilla.testsupport.SharedPostgres;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Test fleets and the calls tests make about them, over the real HTTP API and SQL: API tokens of each role, clusters
 * created through the API or inserted with SQL (as their agents would have reported them), problem assertions, and
 * agents that speak real HTTP with their agent tokens. Clusters inserted with {@link #add} carry a suite label, so a
 * test's rollouts select only its own ({@link #selector()}).
 */
public final class Fleet {

    public static final String ADMIN = SharedPostgres.ADMIN_TOKEN;

    private static final AtomicInteger SUITES = new AtomicInteger();

    public final String suite = "s" + SUITES.incrementAndGet() + "-" + System.nanoTime() % 100000;
    private JdbcClient jdbc;
    private Api api;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final AtomicLong seq = new AtomicLong();

    /** For tests that only use the API. */
    public Fleet(Api api) {
        this(api, null);
    }

    public Fleet(Api api, JdbcClient jdbc) {
        this.api = api;
        this.jdbc = jdbc;
    }

    /** Talks to another meta-controller instance from now on (after a restart). */
    public void use(JdbcClient jdbc, Api api) {
        this.jdbc = jdbc;
        this.api = api;
    }

    // ---- API tokens and clusters through the portal API

    /** Issues an API token (names must be unique in the shared test database); a null tenant means none. */
    public String token(String name, String role, String tenant) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("role", role);
        if (tenant != null) {
            body.put("tenant", tenant);
        }
        Api.Reply reply = api.post(ADMIN, "/api/v1/tokens", body);
        assertThat(reply.status()).as(reply.raw()).isEqualTo(201);
        return reply.body().path("token").asString();
    }

    /** Creates a cluster through the API. */
    public JsonNode create(String name, String tenant, String region, String zone, Map<String, String> labels) {
        Api.Reply reply = api.post(ADMIN, "/api/v1/clusters", cluster(name, tenant, region, zone, labels));
        assertThat(reply.status()).as(reply.raw()).isEqualTo(201);
        return reply.body();
    }

    /** The body of a cluster registration. */
    public static Map<String, Object> cluster(String name, String tenant, String region, String zone,
            Map<String, ?> labels) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("tenant", tenant);
        body.put("region", region);
        body.put("zone", zone);
        body.put("labels", labels);
        return body;
    }

    /** Gives a cluster a hosted control plane. */
    public void controlPlane(String cluster, String host, String namespace, String version) {
        Api.Reply reply = api.put(ADMIN, "/api/v1/clusters/" + cluster + "/control-plane",
                Map.of("hostCluster", host, "namespace", namespace, "version", version));
        assertThat(reply.status()).as(reply.raw()).isEqualTo(200);
    }

    // ---- clusters inserted with SQL

    /** Inserts a cluster with the versions its agent would have reported; answers its id. */
    public long cluster(String name, String tenant, String state, String version, List<String> kubelets,
            List<String> apis) {
        return jdbc.sql("""
                        INSERT INTO cluster (name, tenant, region, zone, state, kubernetes_version, kubelet_versions,
                            removed_apis_in_use) VALUES (?, ?, 'eu-central', 'eu-central-1a', ?, ?, ?, ?) RETURNING id""")
                .params(name, tenant, state, version, kubelets.toArray(String[]::new), apis.toArray(String[]::new))
                .query(Long.class).single();
    }

    public long readyCluster(String name, String tenant, String version) {
        return cluster(name, tenant, "READY", version, List.of(version), List.of());
    }

    /** The selector matching this fleet's suite-labelled clusters. */
    public String selector() {
        return "suite=" + suite;
    }

    public String name(String shortName) {
        return suite + "-" + shortName;
    }

    /** Adds READY clusters {@code <suite>-<zone>-<i>} in each zone. */
    public List<String> addInZones(int perZone, String... zones) {
        List<String> names = new ArrayList<>();
        for (String zone : zones) {
            for (int i = 1; i <= perZone; i++) {
                names.add(add(zone + "-" + String.format("%02d", i), zone, "READY"));
            }
        }
        return names;
    }

    public String add(String shortName, String zone, String state) {
        return add(shortName, zone, state, "acme");
    }

    /** Inserts a suite-labelled cluster {@code <suite>-<shortName>} with an agent token; answers its name. */
    public String add(String shortName, String zone, String state, String tenant) {
        String name = name(shortName);
        String token = Secrets.generate(Secrets.AGENT_PREFIX);
        jdbc.sql("""
                        INSERT INTO cluster (name, tenant, region, zone, labels, state, agent_token_hash)
                        VALUES (?, ?, 'eu', ?, ?::jsonb, ?, ?)""")
                .params(name, tenant, zone, "{\"suite\":\"" + suite + "\"}", state, Secrets.hash(token)).update();
        tokens.put(name, token);
        return name;
    }

    public void setState(String cluster, String state) {
        jdbc.sql("UPDATE cluster SET state = ? WHERE name = ?").params(state, cluster).update();
    }

    // ---- agents of the clusters added with add(...)

    /** The agent token of a cluster added with {@link #add}. */
    public String token(String cluster) {
        return tokens.get(cluster);
    }

    /** The cluster's work item for the application, or null. */
    public JsonNode item(String cluster, String application) {
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
    public int report(String cluster, String application, String phase) {
        JsonNode item = item(cluster, application);
        return report(cluster, item.path("workId").asString(), item.path("generation").asLong(), seq.incrementAndGet(),
                phase);
    }

    public int report(String cluster, String workId, long generation, long seq, String phase) {
        return reportAs(token(cluster), workId, generation, seq, phase);
    }

    public int reportAs(String token, String workId, long generation, long seq, String phase) {
        Map<String, Object> report = Map.of("workId", workId, "generation", generation, "seq", seq, "phase", phase,
                "batch", 1, "batches", 1, "observed", Map.of("replicas", 3, "updatedReplicas", 3,
                        "updatedReadyReplicas", 3, "readyReplicas", 3, "observedGeneration", 2,
                        "updateRevision", "web-2"));
        return api.post(token, "/agent/v1/status", Map.of("reports", List.of(report))).status();
    }

    public long nextSeq() {
        return seq.incrementAndGet();
    }

    // ---- problem details

    /** A problem+json answer of that status whose detail is there and names every part given. */
    public static void assertProblem(Api.Reply reply, int status, String... detailParts) {
        assertThat(reply.status()).as(reply.raw()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.detail()).as(reply.raw()).isNotBlank();
        if (detailParts.length > 0) {
            assertThat(reply.detail()).as(reply.raw()).contains(detailParts);
        }
    }

    /** A 400 problem whose detail names what was wrong. */
    public static void assertBadInput(Api.Reply reply, String mentioned) {
        assertProblem(reply, 400, mentioned);
    }
}
