package dev.flotilla.meta.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flotilla.meta.support.Api;
import dev.flotilla.meta.support.IntegrationTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class UpgradeCampaignIT extends UpgradeExecutionHarness {

    private Map<String, Object> body(String target, Object... extra) {
        Map<String, Object> body = new HashMap<>();
        body.put("clusters", Map.of("selector", fleet.selector()));
        body.put("targetVersion", target);
        for (int i = 0; i < extra.length; i += 2) {
            body.put((String) extra[i], extra[i + 1]);
        }
        return body;
    }

    private long start(Map<String, Object> body) {
        Api.Reply reply = api.post(ADMIN, "/api/v1/upgrades", body);
        assertThat(reply.status()).as(reply.raw()).isEqualTo(201);
        return reply.body().path("id").asLong();
    }

    @Test
    void aFleetCampaignTakesEveryTenantTwoHopsInSkewOrderWithACanaryWhileAnOldKubeletIsRefused() {
        String host = fleet.host("host");
        List<String> tenants = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            tenants.add(fleet.tenant("t" + i, host, "1.30", "1.30"));
        }
        String stale = fleet.tenant("stale", host, "1.30", "1.28");

        long id = start(body("1.32", "canary", Map.of("count", 1), "waves", List.of("100%"), "maxConcurrency", 2));

        JsonNode created = campaign(id);
        assertThat(created.path("targets").asInt()).isEqualTo(3);
        assertThat(created.path("refused").get(0).path("cluster").asString()).isEqualTo(stale);
        assertThat(created.path("refused").get(0).path("reasons").toString()).contains("kubelet-skew");
        assertThat(api.get(ADMIN, "/api/v1/clusters/" + stale + "/upgrades").body().path("items").size()).isZero();
        HostAgent agent = new HostAgent(fleet, host);
        await().atMost(PATIENCE).until(() -> !agent.open().isEmpty());
        String canary = HostAgent.tenant(agent.open().get(0));
        while (agent.order().getOrDefault(canary, List.of()).size() < 8) {
            assertThat(agent.open()).as("only the canary runs before it is done")
                    .allSatisfy(item -> assertThat(HostAgent.tenant(item)).isEqualTo(canary));
            await().atMost(PATIENCE).until(() -> !agent.open().isEmpty());
            agent.finishOpen(canary::equals);
        }
        while (!campaign(id).path("state").asString().equals("SUCCEEDED")) {
            assertThat(agent.open().stream().map(HostAgent::tenant).distinct().count())
                    .as("maxConcurrency").isLessThanOrEqualTo(2);
            agent.finishOpen(t -> true);
        }

        List<String> expected = new ArrayList<>(hopSteps("1.31", true));
        expected.addAll(hopSteps("1.32", true));
        assertThat(agent.order().keySet()).containsExactlyInAnyOrderElementsOf(tenants);
        agent.order().values().forEach(order -> assertThat(order).containsExactlyElementsOf(expected));
        assertThat(agent.etcdManifests()).hasSize(6).allSatisfy(manifest -> {
            JsonNode rolling = manifest.path("spec").path("updateStrategy").path("rollingUpdate");
            assertThat(rolling.path("maxUnavailable").asInt()).isEqualTo(1);
            assertThat(rolling.path("unorderedUpdate").path("priorityStrategy").path("weightPriority").toString())
                    .contains("etcd.flotilla.dev/role", "follower");
        });
        tenants.forEach(t -> assertThat(controlPlaneVersion(t)).isEqualTo("1.32"));
        assertThat(controlPlaneVersion(stale)).isEqualTo("1.30");
        JsonNode targets = api.get(ADMIN, "/api/v1/upgrades/campaigns/" + id + "/targets").body();
        targets.path("items").forEach(t -> {
            assertThat(t.path("state").asString()).isEqualTo("SUCCEEDED");
            assertThat(t.path("previousVersion").asString()).as("previous moves per hop").isEqualTo("1.32");
            assertThat(upgrade(t.path("upgradeId").asLong()).path("state").asString()).isEqualTo("SUCCEEDED");
        });
    }

    @Test
    void aFailingApiserverStepSpendsTheFailureBudgetAndPausesTheCampaign() {
        String host = fleet.host("host");
        List<String> tenants = List.of(fleet.tenant("f1", host, "1.31", "1.31"),
                fleet.tenant("f2", host, "1.31", "1.31"), fleet.tenant("f3", host, "1.31", "1.31"));
        long id = start(body("1.32", "maxConcurrency", 1, "maxFailures", 0));
        HostAgent agent = new HostAgent(fleet, host);
        await().atMost(PATIENCE).until(() -> !agent.open().isEmpty());
        String first = HostAgent.tenant(agent.open().get(0));
        agent.finishOpen(first::equals);
        JsonNode apiserver = awaitItem(host, first, "kube-apiserver", "1.32");
        assertThat(apiserver.path("strategy").path("progressDeadlineSeconds").asInt())
                .as("the catalog's step deadline (30m): an image that never gets ready fails the step on the host")
                .isEqualTo(1800);
        assertThat(apiserver.path("strategy").path("batches").size()).isZero();
        assertThat(api.get(ADMIN, "/api/v1/clusters/" + first + "/control-plane/manifests?version=1.32").body()
                .path("items").get(1).path("manifest")).as("the manifests endpoint serves what the steps hand out")
                .isEqualTo(apiserver.path("manifest"));

        agent.fail(apiserver);

        awaitCampaignState(id, "PAUSED");
        JsonNode paused = campaign(id);
        assertThat(paused.path("failures").asInt()).isEqualTo(1);
        assertThat(paused.path("message").asString()).contains("failure budget");
        assertThat(paused.path("counts").path("PENDING").asInt()).isEqualTo(2);
        assertThat(agent.open()).as("no other tenant started").isEmpty();
        long pending = api.get(ADMIN, "/api/v1/upgrades/campaigns/" + id + "/targets?state=PENDING").body()
                .path("items").get(0).path("upgradeId").asLong();
        Api.Reply cancel = api.post(ADMIN, "/api/v1/upgrades/" + pending + "/cancel", null);
        assertThat(cancel.status()).isEqualTo(409);
        assertThat(cancel.detail()).contains("belongs to upgrade campaign " + id);
        Api.Reply rollback = api.post(ADMIN, "/api/v1/upgrades/campaigns/" + id + "/rollback", null);
        assertThat(rollback.status()).isEqualTo(409);
        assertThat(rollback.detail()).contains("cannot be rolled back", "downgrading");

        assertThat(api.post(ADMIN, "/api/v1/upgrades/campaigns/" + id + "/resume", null).status()).isEqualTo(200);
        await().atMost(PATIENCE).until(() -> !agent.open().isEmpty());
        assertThat(HostAgent.tenant(agent.open().get(0))).isIn(tenants).isNotEqualTo(first);
    }

    @Test
    void aDryRunShowsWavesRefusalsHopsAndStartsAndStoresNothing() {
        String host = fleet.host("host");
        for (int i = 1; i <= 4; i++) {
            fleet.tenant("d" + i, host, "1.30", "1.30");
        }
        fleet.setWindow(fleet.name("d1"), Map.of("days", List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"),
                "start", "00:00", "duration", "PT1M", "timeZone", "UTC"));

        int campaignsBefore = api.get(ADMIN, "/api/v1/upgrades?limit=1000").body().path("items").size();
        Api.Reply reply = api.post(ADMIN, "/api/v1/upgrades", body("1.32", "dryRun", true, "canary", Map.of("count", 1),
                "waves", List.of("50%", "100%")));

        assertThat(reply.status()).as(reply.raw()).isEqualTo(200);
        JsonNode plan = reply.body();
        assertThat(plan.path("targets").asInt()).isEqualTo(4);
        assertThat(plan.path("waves").size()).isEqualTo(3);
        assertThat(plan.path("waves").get(0).path("targets").asInt()).isEqualTo(1);
        assertThat(plan.path("waves").get(1).path("firstClusters").size()).isEqualTo(1);
        JsonNode d1 = null;
        for (JsonNode c : plan.path("clusters")) {
            assertThat(c.path("hops").size()).isEqualTo(2);
            assertThat(c.path("hops").get(1).path("components").toString())
                    .isEqualTo("[\"etcd\",\"kube-apiserver\",\"kube-controller-manager\",\"kube-scheduler\"]");
            if (c.path("cluster").asString().equals(fleet.name("d1"))) {
                d1 = c;
            }
        }
        assertThat(d1).isNotNull();
        assertThat(d1.path("windowed").asBoolean()).isTrue();
        assertThat(d1.path("earliestStart").isNull()).as("a 1-minute window never fits a 20-minute step").isTrue();
        assertThat(api.get(ADMIN, "/api/v1/upgrades?limit=1000").body().path("items").size())
                .isEqualTo(campaignsBefore);
        assertThat(api.get(ADMIN, "/api/v1/clusters/" + fleet.name("d2") + "/upgrades").body().path("items").size())
                .isZero();
    }

    @Test
    void abortingSkipsThePendingTargetsAndCancelsTheirUpgrades() {
        String host = fleet.host("host");
        for (int i = 1; i <= 3; i++) {
            fleet.tenant("a" + i, host, "1.31", "1.31");
        }
        long id = start(body("1.32", "maxConcurrency", 1));
        HostAgent agent = new HostAgent(fleet, host);
        await().atMost(PATIENCE).until(() -> !agent.open().isEmpty());
        String running = HostAgent.tenant(agent.open().get(0));

        Api.Reply aborted = api.post(ADMIN, "/api/v1/upgrades/campaigns/" + id + "/abort", null);

        assertThat(aborted.status()).as(aborted.raw()).isEqualTo(200);
        assertThat(aborted.body().path("state").asString()).isEqualTo("ABORTED");
        assertThat(aborted.body().path("counts").path("SKIPPED").asInt()).isEqualTo(2);
        JsonNode targets = api.get(ADMIN, "/api/v1/upgrades/campaigns/" + id + "/targets").body();
        targets.path("items").forEach(t -> assertThat(upgrade(t.path("upgradeId").asLong()).path("state").asString())
                .isEqualTo("CANCELLED"));
        long member = targets.path("items").get(0).path("upgradeId").asLong();
        assertThat(api.post(ADMIN, "/api/v1/upgrades/" + member + "/cancel", null).status())
                .as("already cancelled with its campaign").isEqualTo(409);
        agent.finishOpen(running::equals);
        assertThat(agent.open()).as("the step on the host ran to its end, no further step started").isEmpty();
        JsonNode events = api.get(ADMIN, "/api/v1/upgrades/campaigns/" + id + "/events").body();
        assertThat(events.path("items").toString()).contains("TARGET_DISPATCHED", "ABORTED");
        JsonNode list = api.get(ADMIN, "/api/v1/upgrades?state=ABORTED").body();
        assertThat(list.path("items").toString()).contains("\"id\":" + id);
    }

    @Test
    void badCampaignRequestsAre400ProblemsNamingTheField() {
        fleet.tenant("bad", fleet.host("host"), "1.31", "1.31");
        assertThat(api.post(ADMIN, "/api/v1/upgrades", body("1.32", "onFailure", "ROLLBACK")).detail())
                .contains("onFailure");
        assertThat(api.post(ADMIN, "/api/v1/upgrades", body("1.32", "respectMaintenanceWindows", false)).status())
                .isEqualTo(400);
        assertThat(api.post(ADMIN, "/api/v1/upgrades", Map.of("targetVersion", "1.32")).detail()).contains("clusters");
        Api.Reply unknown = api.post(ADMIN, "/api/v1/upgrades", body("1.99"));
        assertThat(unknown.status()).isEqualTo(409);
        assertThat(unknown.raw()).contains("target-unknown");
        assertThat(api.get(ADMIN, "/api/v1/upgrades/campaigns/999999").status()).isEqualTo(404);
    }
}
