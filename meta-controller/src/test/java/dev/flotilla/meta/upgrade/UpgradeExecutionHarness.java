package dev.flotilla.meta.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flotilla.meta.support.Api;
import dev.flotilla.testsupport.SharedPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Shared steps of the upgrade execution tests: the host agent finishing steps, reading upgrades and campaigns. */
abstract class UpgradeExecutionHarness {

    static final String ADMIN = SharedPostgres.ADMIN_TOKEN;
    static final Duration PATIENCE = Duration.ofSeconds(60);

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    Api api;
    HostedFleet fleet;

    @BeforeEach
    void connect() {
        api = new Api(port);
        fleet = new HostedFleet(jdbc, api);
    }

    JsonNode upgrade(long id) {
        Api.Reply reply = api.get(ADMIN, "/api/v1/upgrades/" + id);
        assertThat(reply.status()).as(reply.raw()).isEqualTo(200);
        return reply.body();
    }

    JsonNode campaign(long id) {
        Api.Reply reply = api.get(ADMIN, "/api/v1/upgrades/campaigns/" + id);
        assertThat(reply.status()).as(reply.raw()).isEqualTo(200);
        return reply.body();
    }

    void awaitUpgradeState(long id, String state) {
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(upgrade(id).path("state").asString()).isEqualTo(state));
    }

    void awaitCampaignState(long id, String state) {
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(campaign(id).path("state").asString())
                .isEqualTo(state));
    }

    /** Waits for the host's item of the tenant's component at {@code version} (a minor such as 1.31). */
    JsonNode awaitItem(String host, String tenant, String component, String version) {
        return await().atMost(PATIENCE).until(() -> fleet.item(host, tenant, component),
                item -> item != null && item.path("revision").asInt() == minor(version)
                        && item.path("manifest").toString().contains(component));
    }

    /**
     * Plays the host agent through every step of a tenant's upgrade: waits for each next item, checks it is the one
     * expected, reports APPLYING then SUCCEEDED. Answers the items in the order they were handed out.
     */
    List<JsonNode> finishSteps(String host, String tenant, List<String> expected) {
        List<JsonNode> seen = new ArrayList<>();
        for (String step : expected) {
            String component = step.substring(0, step.indexOf('@'));
            String version = step.substring(step.indexOf('@') + 1);
            JsonNode item = awaitItem(host, tenant, component, version);
            assertThat(fleet.report(host, item, "APPLYING")).isEqualTo(204);
            assertThat(fleet.report(host, item, "SUCCEEDED")).isEqualTo(204);
            seen.add(item);
        }
        return seen;
    }

    static List<String> hopSteps(String version, boolean etcd) {
        List<String> steps = new ArrayList<>();
        if (etcd) {
            steps.add("etcd@" + version);
        }
        steps.addAll(List.of("kube-apiserver@" + version, "kube-controller-manager@" + version,
                "kube-scheduler@" + version));
        return steps;
    }

    static int minor(String version) {
        return Integer.parseInt(version.substring(version.indexOf('.') + 1));
    }

    String controlPlaneVersion(String tenant) {
        return api.get(ADMIN, "/api/v1/clusters/" + tenant + "/control-plane").body().path("version").asString();
    }

    /** A CloneSet application of tenant acme with one revision (web:v1, {@code replicas} pods); answers its name. */
    String application(int replicas) {
        String name = fleet.name("web");
        assertThat(api.post(ADMIN, "/api/v1/applications",
                Map.of("name", name, "tenant", "acme", "namespace", "shop", "kind", "CloneSet")).status())
                .isEqualTo(201);
        Map<String, Object> manifest = Map.of("apiVersion", "apps.kruise.io/v1alpha1", "kind", "CloneSet",
                "metadata", Map.of("name", name),
                "spec", Map.of("replicas", replicas, "selector", Map.of("matchLabels", Map.of("app", name)),
                        "template", Map.of("metadata", Map.of("labels", Map.of("app", name)),
                                "spec", Map.of("containers", List.of(Map.of("name", "app", "image", "web:v1"))))));
        assertThat(api.post(ADMIN, "/api/v1/applications/" + name + "/revisions", Map.of("manifest", manifest))
                .status()).isEqualTo(201);
        return name;
    }
}
