package dev.flotilla.meta.upgrade;

import static dev.flotilla.meta.support.Fleet.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.api.kruise.ManifestValidator;
import dev.flotilla.meta.support.Api;
import dev.flotilla.meta.support.Fleet;
import dev.flotilla.meta.support.IntegrationTest;
import dev.flotilla.meta.versions.MinorVersion;
import dev.flotilla.testsupport.SharedPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class UpgradeApiIT {

    private static final String ADMIN = SharedPostgres.ADMIN_TOKEN;

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    UpgradeService upgrades;

    private Api api;
    private Fleet fleet;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fleet = new Fleet(api, jdbc);
    }

    /** A READY tenant at the given version with its control plane on a fresh host. */
    private void hostedTenant(String name, String version) {
        fleet.readyCluster(name + "-host", "platform", "v1.33.1");
        fleet.readyCluster(name, "acme", version);
        fleet.controlPlane(name, name + "-host", "tcp-" + name, MinorVersion.parse(version).orElseThrow().toString());
    }

    private static Map<String, Object> upgrade(String target, boolean dryRun, boolean force) {
        return Map.of("targetVersion", target, "dryRun", dryRun, "force", force);
    }

    @Test
    void aDryRunAnswersThePlanHopByHopAndStoresNothing() {
        hostedTenant("up-dry", "v1.30.2");
        String operator = fleet.token("up-dry-operator", "operator", null);

        Api.Reply reply = api.post(operator, "/api/v1/clusters/up-dry/upgrades", upgrade("1.32", true, false));

        assertThat(reply.status()).as(reply.raw()).isEqualTo(200);
        JsonNode plan = reply.body();
        assertThat(plan.path("from").asString()).isEqualTo("1.30");
        assertThat(plan.path("to").asString()).isEqualTo("1.32");
        assertThat(plan.path("preflight").path("passed").asBoolean()).isTrue();
        assertThat(plan.path("hops").size()).isEqualTo(2);
        assertThat(plan.path("hops").get(0).path("to").asString()).isEqualTo("1.31");
        assertThat(components(plan.path("hops").get(1)))
                .containsExactly("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler");
        assertThat(plan.path("hops").get(1).path("steps").get(0).path("manifest").path("kind").asString())
                .isEqualTo("StatefulSet");
        assertThat(plan.path("steps").asInt()).isEqualTo(8);
        assertThat(plan.path("schedule").path("windowed").asBoolean()).isFalse();
        assertThat(api.get(operator, "/api/v1/clusters/up-dry/upgrades").body().path("items").size()).isZero();
    }

    @Test
    void aRequestStartsAOneTargetCampaignWithItsPlanAndLeavesTheReportedVersionAlone() {
        hostedTenant("up-real", "v1.30.2");
        String operator = fleet.token("up-real-operator", "operator", null);

        Api.Reply created = api.post(operator, "/api/v1/clusters/up-real/upgrades", upgrade("1.31", false, false));

        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        long id = created.body().path("id").asLong();
        assertThat(created.body().path("state").asString()).as("until its first step is dispatched")
                .isEqualTo("PENDING");
        assertThat(created.body().path("requestedBy").asString()).isEqualTo("up-real-operator");
        long campaign = created.body().path("campaignId").asLong();
        JsonNode started = api.get(operator, "/api/v1/upgrades/campaigns/" + campaign).body();
        assertThat(started.path("singleCluster").asBoolean()).isTrue();
        assertThat(started.path("targets").asInt()).isEqualTo(1);
        Api.Reply read = api.get(operator, "/api/v1/upgrades/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(components(read.body().path("hops").get(0)))
                .containsExactly("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler");
        Api.Reply list = api.get(operator, "/api/v1/clusters/up-real/upgrades");
        assertThat(list.body().path("items").get(0).path("id").asLong()).isEqualTo(id);
        assertThat(list.body().path("items").get(0).path("hops").isNull()).isTrue();
        assertThat(jdbc.sql("SELECT kubernetes_version FROM cluster WHERE name = 'up-real'").query(String.class).single())
                .isEqualTo("v1.30.2");

        UpgradePlan stored = upgrades.storedPlan(id).orElseThrow();
        assertThat(stored.to()).isEqualTo(MinorVersion.of("1.31"));
        assertThat(stored.hops().get(0).steps()).allSatisfy(step ->
                assertThat(ManifestValidator.validate(step.kind(), step.manifest())).isEmpty());
    }

    @Test
    void aSecondUpgradeWaitsUntilTheFirstIsCancelled() {
        hostedTenant("up-twice", "v1.30.2");
        long first = api.post(ADMIN, "/api/v1/clusters/up-twice/upgrades", upgrade("1.31", false, false))
                .body().path("id").asLong();

        Api.Reply second = api.post(ADMIN, "/api/v1/clusters/up-twice/upgrades", upgrade("1.31", false, false));
        assertProblem(second, 409, "still in flight");
        assertThat(second.body().path("reasons").toString()).contains("upgrade-in-flight");

        Api.Reply cancelled = api.post(ADMIN, "/api/v1/upgrades/" + first + "/cancel", null);
        assertThat(cancelled.body().path("state").asString()).isEqualTo("CANCELLED");
        assertThat(cancelled.body().path("finishedAt").asString()).isNotBlank();
        assertProblem(api.post(ADMIN, "/api/v1/upgrades/" + first + "/cancel", null), 409, "CANCELLED");
        assertThat(api.post(ADMIN, "/api/v1/clusters/up-twice/upgrades", upgrade("1.31", false, false)).status())
                .isEqualTo(201);
    }

    @Test
    void preflightRefusalsAre409ProblemsNamingTheReason() {
        hostedTenant("up-refuse", "v1.31.2");
        fleet.cluster("up-refuse-down", "acme", "NOT_READY", "v1.30.1", List.of(), List.of());
        fleet.controlPlane("up-refuse-down", "up-refuse-host", "tcp-down", "1.30");
        fleet.readyCluster("up-refuse-bare", "acme", "v1.30.1");
        String path = "/api/v1/clusters/up-refuse/upgrades";

        assertRefused(api.post(ADMIN, path, upgrade("1.99", true, false)), "target-unknown");
        assertRefused(api.post(ADMIN, path, upgrade("1.30", true, false)), "not-an-upgrade");
        assertRefused(api.post(ADMIN, path, upgrade("1.31", false, false)), "not-an-upgrade");
        assertRefused(api.post(ADMIN, "/api/v1/clusters/up-refuse-down/upgrades", upgrade("1.31", false, false)),
                "cluster-not-ready");
        assertRefused(api.post(ADMIN, "/api/v1/clusters/up-refuse-bare/upgrades", upgrade("1.31", true, false)),
                "no-control-plane");
        assertThat(api.get(ADMIN, "/api/v1/clusters/up-refuse-down/upgrades").body().path("items").size()).isZero();
    }

    @Test
    void removedApisStillInUseRefuseUnlessForced() {
        fleet.readyCluster("up-apis-host", "platform", "v1.33.1");
        fleet.cluster("up-apis", "acme", "READY", "v1.31.4", List.of("v1.31.4", "v1.30.9"),
                List.of("flowcontrol.apiserver.k8s.io/v1beta3"));
        fleet.controlPlane("up-apis", "up-apis-host", "tcp-apis", "1.31");

        assertRefused(api.post(ADMIN, "/api/v1/clusters/up-apis/upgrades", upgrade("1.32", false, false)),
                "removed-apis-in-use");
        Api.Reply forced = api.post(ADMIN, "/api/v1/clusters/up-apis/upgrades", upgrade("1.32", false, true));
        assertThat(forced.status()).as(forced.raw()).isEqualTo(201);
        assertThat(forced.body().path("forced").asBoolean()).isTrue();
        assertThat(forced.body().path("preflight").path("warnings").toString()).contains("v1beta3");
    }

    @Test
    void kubeletsTooFarBehindAndADeletedHostRefuse() {
        fleet.readyCluster("up-skew-host", "platform", "v1.33.1");
        fleet.cluster("up-skew", "acme", "READY", "v1.31.4", List.of("v1.28.3"), List.of());
        fleet.controlPlane("up-skew", "up-skew-host", "tcp-skew", "1.31");
        assertRefused(api.post(ADMIN, "/api/v1/clusters/up-skew/upgrades", upgrade("1.32", true, false)),
                "kubelet-skew");

        jdbc.sql("DELETE FROM cluster WHERE name = 'up-skew-host'").update();
        jdbc.sql("UPDATE cluster SET kubelet_versions = '{v1.31.4}' WHERE name = 'up-skew'").update();
        assertRefused(api.post(ADMIN, "/api/v1/clusters/up-skew/upgrades", upgrade("1.32", true, false)),
                "host-not-registered");
    }

    @Test
    void aMaintenanceWindowShowsInTheSchedule() {
        hostedTenant("up-window", "v1.30.2");
        api.put(ADMIN, "/api/v1/clusters/up-window/maintenance-window",
                Map.of("days", List.of("SUN"), "start", "02:00", "duration", "PT6H", "timeZone", "UTC"));

        Api.Reply plan = api.post(ADMIN, "/api/v1/clusters/up-window/upgrades", upgrade("1.31", true, false));

        assertThat(plan.status()).as(plan.raw()).isEqualTo(200);
        assertThat(plan.body().path("schedule").path("windowed").asBoolean()).isTrue();
        assertThat(plan.body().path("schedule").path("stepEstimate").asString()).isEqualTo("PT20M");
        assertThat(plan.body().path("schedule").path("earliestStepStart").asString()).isNotBlank();
    }

    @Test
    void viewersMayReadButNotRequestAndScopedTokensSeeOnlyTheirTenant() {
        hostedTenant("up-roles", "v1.30.2");
        long id = api.post(ADMIN, "/api/v1/clusters/up-roles/upgrades", upgrade("1.31", false, false))
                .body().path("id").asLong();
        String viewer = fleet.token("up-roles-viewer", "viewer", null);
        String globex = fleet.token("up-roles-globex", "operator", "globex");
        String acme = fleet.token("up-roles-acme", "viewer", "acme");

        assertProblem(api.post(viewer, "/api/v1/clusters/up-roles/upgrades", upgrade("1.31", true, false)), 403, "role");
        assertProblem(api.post(viewer, "/api/v1/upgrades/" + id + "/cancel", null), 403, "role");
        assertThat(api.get(viewer, "/api/v1/upgrades/" + id).status()).isEqualTo(200);
        assertThat(api.get(acme, "/api/v1/upgrades/" + id).status()).isEqualTo(200);
        assertProblem(api.get(globex, "/api/v1/upgrades/" + id), 404, String.valueOf(id));
        assertProblem(api.get(globex, "/api/v1/clusters/up-roles/upgrades"), 404, "up-roles");
        assertProblem(api.post(globex, "/api/v1/clusters/up-roles/upgrades", upgrade("1.31", true, false)),
                404, "up-roles");
        assertProblem(api.post(globex, "/api/v1/upgrades/" + id + "/cancel", null), 404, String.valueOf(id));
    }

    @Test
    void badRequestsAre400ProblemsNamingTheField() {
        hostedTenant("up-input", "v1.30.2");
        String path = "/api/v1/clusters/up-input/upgrades";

        assertProblem(api.sendRaw(ADMIN, "POST", path, "{\"dryRun\":true}"), 400, "targetVersion");
        assertProblem(api.sendRaw(ADMIN, "POST", path, "{\"targetVersion\":\"1.31\",\"dryRun\":\"maybe\"}"), 400,
                "dryRun");
        assertProblem(api.sendRaw(ADMIN, "POST", path, "{\"targetVersion\":\"1.31\",\"wave\":2}"), 400, "wave");
        assertProblem(api.get(ADMIN, "/api/v1/upgrades/not-a-number"), 400, "id");
        assertProblem(api.get(ADMIN, "/api/v1/clusters/up-input/upgrades?limit=0"), 400, "limit");
        assertProblem(api.get(ADMIN, "/api/v1/upgrades/999999"), 404, "999999");
    }

    @Test
    void pagesThroughAClustersUpgradesNewestFirst() {
        hostedTenant("up-pages", "v1.30.2");
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long id = api.post(ADMIN, "/api/v1/clusters/up-pages/upgrades", upgrade("1.31", false, false))
                    .body().path("id").asLong();
            api.post(ADMIN, "/api/v1/upgrades/" + id + "/cancel", null);
            ids.add(0, id);
        }

        JsonNode first = api.get(ADMIN, "/api/v1/clusters/up-pages/upgrades?limit=2").body();
        assertThat(first.path("items").size()).isEqualTo(2);
        assertThat(first.path("items").get(0).path("id").asLong()).isEqualTo(ids.get(0));
        JsonNode second = api.get(ADMIN, "/api/v1/clusters/up-pages/upgrades?limit=2&cursor="
                + first.path("nextCursor").asString()).body();
        assertThat(second.path("items").size()).isEqualTo(1);
        assertThat(second.path("items").get(0).path("id").asLong()).isEqualTo(ids.get(2));
        assertThat(second.path("nextCursor").isNull()).isTrue();
        JsonNode byId = api.get(ADMIN, "/api/v1/clusters/up-pages/upgrades?limit=2&before=" + ids.get(1)).body();
        assertThat(byId.path("items").get(0).path("id").asLong()).as("the first API's 'before' still pages")
                .isEqualTo(ids.get(2));
        assertThat(api.get(ADMIN, "/api/v1/clusters/up-pages/upgrades?cursor=%25%25").status()).isEqualTo(400);
    }

    private static void assertRefused(Api.Reply reply, String reason) {
        assertProblem(reply, 409);
        assertThat(reply.body().path("type").asString()).endsWith("/preflight-failed");
        assertThat(reply.body().path("reasons").toString()).as(reply.raw()).contains("\"" + reason + "\"");
    }

    private static List<String> components(JsonNode hop) {
        List<String> names = new ArrayList<>();
        hop.path("steps").forEach(step -> names.add(step.path("component").asString()));
        return names;
    }
}
