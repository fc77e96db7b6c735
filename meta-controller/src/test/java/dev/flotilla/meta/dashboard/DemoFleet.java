package dev.flotilla.meta.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.meta.support.Api;
import dev.flotilla.testsupport.SharedPostgres;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small fleet seeded through the real API for the browser tests: tokens of each role, clusters labelled
 * {@code suite=dashboard} in two tenants, regions and Kubernetes versions, and their registered agents.
 */
final class DemoFleet {

    static final String ADMIN = SharedPostgres.ADMIN_TOKEN;
    static final String SELECTOR = "suite=dashboard";
    /** Hosts tenant control planes (Kube-on-Kube); not labelled {@code suite=dashboard}. */
    static final String HOST = "dash-host";
    /** The cluster whose control plane gets an upgrade. */
    static final String UPGRADED = "dash-eu-3";

    /** name, tenant, region, zone, env, Kubernetes version (null: never registers). */
    static final List<List<String>> CLUSTERS = List.of(
            List.of("dash-eu-1", "red", "eu-west", "eu-west-1a", "prod", "v1.30.4"),
            List.of("dash-eu-2", "red", "eu-west", "eu-west-1b", "prod", "v1.30.4"),
            List.of("dash-eu-3", "blue", "eu-west", "eu-west-1a", "staging", "v1.31.2"),
            List.of("dash-us-1", "red", "us-east", "us-east-1a", "prod", "v1.31.2"),
            List.of("dash-us-2", "blue", "us-east", "us-east-1a", "prod", "v1.30.4"),
            List.of("dash-us-3", "blue", "us-east", "us-east-1b", "staging", ""));

    final Api api;
    final String operator;
    final String viewer;
    final String blueViewer;
    final Map<String, FakeAgent> agents = new LinkedHashMap<>();

    DemoFleet(Api api) {
        this.api = api;
        this.operator = token("dash-operator", "operator", null);
        this.viewer = token("dash-viewer", "viewer", null);
        this.blueViewer = token("dash-blue-viewer", "viewer", "blue");
        for (List<String> c : CLUSTERS) {
            String bootstrap = create(c.get(0), c.get(1), c.get(2), c.get(3), c.get(4));
            if (!c.get(5).isEmpty()) {
                agents.put(c.get(0), FakeAgent.register(api, c.get(0), bootstrap, c.get(5), 3, c.get(3)));
            }
        }
        String hostBootstrap = create(HOST, "platform", "eu-west", "eu-west-1a", null);
        agents.put(HOST, FakeAgent.register(api, HOST, hostBootstrap, "v1.33.1", 5, "eu-west-1a"));
        agents.values().forEach(FakeAgent::poll);
    }

    /**
     * Puts {@link #UPGRADED}'s control plane on the host cluster and asks for an upgrade one minor up,
     * which passes preflight and is stored with its hops.
     */
    long requestUpgrade() {
        Api.Reply plane = api.put(ADMIN, "/api/v1/clusters/" + UPGRADED + "/control-plane",
                Map.of("hostCluster", HOST, "namespace", "tcp-" + UPGRADED, "version", "1.31"));
        assertThat(plane.status()).as(plane.raw()).isEqualTo(200);
        Api.Reply upgrade = api.post(operator, "/api/v1/clusters/" + UPGRADED + "/upgrades",
                Map.of("targetVersion", "1.32"));
        assertThat(upgrade.status()).as(upgrade.raw()).isEqualTo(201);
        return upgrade.body().path("id").asLong();
    }

    private String token(String name, String role, String tenant) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("role", role);
        body.put("tenant", tenant);
        Api.Reply reply = api.post(ADMIN, "/api/v1/tokens", body);
        assertThat(reply.status()).as(reply.raw()).isEqualTo(201);
        return reply.body().path("token").asString();
    }

    private String create(String name, String tenant, String region, String zone, String env) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("tenant", tenant);
        body.put("region", region);
        body.put("zone", zone);
        body.put("labels", env == null ? Map.of() : Map.of("suite", "dashboard", "env", env));
        Api.Reply reply = api.post(ADMIN, "/api/v1/clusters", body);
        assertThat(reply.status()).as(reply.raw()).isEqualTo(201);
        return reply.body().path("bootstrapToken").asString();
    }

    /** Names of the seeded clusters matching a predicate on their row. */
    static List<String> names(java.util.function.Predicate<List<String>> which) {
        List<String> names = new ArrayList<>();
        CLUSTERS.stream().filter(which).forEach(c -> names.add(c.get(0)));
        return names;
    }
}
