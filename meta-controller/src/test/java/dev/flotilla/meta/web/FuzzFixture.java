package dev.flotilla.meta.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.api.agent.ClusterFacts;
import dev.flotilla.meta.support.Api;
import dev.flotilla.meta.support.Fleet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the fuzz run aims at, made through the real API: a registered cluster (its agent token opens the agent API),
 * a second cluster still waiting for its agent (its bootstrap token is the register endpoint's), an application
 * with a revision, an aborted rollout (a campaign that no longer moves), a hosted control plane, a webhook and a
 * viewer token. Path variables name
 * these, so a bad query or body reaches the code behind the lookup.
 */
final class FuzzFixture {

    static final String CLUSTER = "fuzz-a";
    static final String HOST = "fuzz-b";
    static final String TENANT = "fuzz";
    static final String APP = "fuzz-app";
    static final Map<String, Object> MANIFEST = Map.of("apiVersion", "apps.kruise.io/v1alpha1", "kind", "CloneSet",
            "metadata", Map.of("name", APP),
            "spec", Map.of("replicas", 3, "selector", Map.of("matchLabels", Map.of("app", APP)),
                    "template", Map.of("metadata", Map.of("labels", Map.of("app", APP)),
                            "spec", Map.of("containers", List.of(Map.of("name", "app", "image", "web:v1"))))));
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Api api;
    private String viewer;
    private String agentToken;
    private String bootstrap;
    private long campaign;
    private long webhook;
    private JsonSamples samples;

    FuzzFixture(Api api) {
        this.api = api;
    }

    void create() {
        Fleet fleet = new Fleet(api);
        viewer = fleet.token("fuzz-viewer", "viewer", null);
        String clusterBootstrap = fleet.create(CLUSTER, TENANT, "eu", "eu-1a", Map.of("env", "fuzz"))
                .path("bootstrapToken").asString();
        bootstrap = fleet.create(HOST, TENANT, "eu", "eu-1b", Map.of("env", "fuzz-host"))
                .path("bootstrapToken").asString();
        Api.Reply registered = api.post(clusterBootstrap, "/agent/v1/register", new ClusterFacts("v1.31.0", "v1.7.2",
                "0.1.0", 3, List.of("eu-1a"), List.of("v1.31.0"), List.of()));
        assertThat(registered.status()).as(registered.raw()).isEqualTo(200);
        agentToken = registered.body().path("agentToken").asString();
        expect(200, api.put(admin(), "/api/v1/clusters/" + CLUSTER + "/control-plane",
                Map.of("hostCluster", HOST, "namespace", "cp-fuzz", "version", "1.30")));
        expect(201, api.post(admin(), "/api/v1/applications",
                Map.of("name", APP, "tenant", TENANT, "namespace", "fuzz-ns", "kind", "CloneSet")));
        expect(201, api.post(admin(), "/api/v1/applications/" + APP + "/revisions", Map.of("manifest", MANIFEST)));
        Api.Reply rollout = api.post(admin(), "/api/v1/rollouts", Map.of("application", APP, "revision", 1,
                "clusters", Map.of("names", List.of(CLUSTER)), "approvalBeforeWaves", List.of(0)));
        expect(201, rollout);
        campaign = rollout.body().path("id").asLong();
        expect(200, api.post(admin(), "/api/v1/rollouts/" + campaign + "/abort", null));
        // a hook whose filter matches no campaign: nothing is ever queued for it, so no row moves during the run
        Api.Reply hook = api.post(admin(), "/api/v1/webhooks", Map.of("name", "fuzz-hook",
                "url", "http://127.0.0.1:9/fuzz", "secret", "fuzz-secret-0123456789",
                "subjects", List.of("fuzz-none")));
        expect(201, hook);
        webhook = hook.body().path("id").asLong();
    }

    void use(JsonSamples samples) {
        this.samples = samples;
    }

    /**
     * The real value of each path variable of the operation: a bad case replaces one of them. A variable the fixture
     * has nothing for (a new endpoint's) names nothing that exists, so its cases still run and answer 4xx.
     */
    Map<String, String> pathValues(ApiOperation op) {
        Map<String, String> known = Map.of("name", CLUSTER, "app", APP, "id", Long.toString(campaign),
                "revision", "1", "action", "pause", "webhookId", Long.toString(webhook));
        Map<String, String> values = new LinkedHashMap<>();
        for (ApiOperation.Parameter variable : op.in("path")) {
            values.put(variable.name(), known.getOrDefault(variable.name(),
                    variable.type().equals("integer") ? "987654321" : "fuzz-unknown"));
        }
        return values;
    }

    /** The token that opens the operation: the admin's, the registered agent's, or the bootstrap token. */
    String tokenFor(ApiOperation op) {
        if (op.path().equals("/agent/v1/register")) {
            return bootstrap;
        }
        return op.agentApi() ? agentToken : admin();
    }

    /** The valid-looking body of the operation, as JSON text. */
    String bodyFor(ApiOperation op) {
        return JSON.writeValueAsString(samples.body(op.bodySchema()));
    }

    String admin() {
        return Fleet.ADMIN;
    }

    String viewer() {
        return viewer;
    }

    String agentToken() {
        return agentToken;
    }

    private static void expect(int status, Api.Reply reply) {
        assertThat(reply.status()).as(reply.raw()).isEqualTo(status);
    }
}
