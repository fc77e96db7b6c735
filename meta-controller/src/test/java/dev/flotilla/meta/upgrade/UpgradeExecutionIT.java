package dev.flotilla.meta.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flotilla.meta.support.Api;
import dev.flotilla.meta.support.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class UpgradeExecutionIT extends UpgradeExecutionHarness {

    @Test
    void aSingleClusterUpgradeRunsStepByStepOnTheHostToSucceeded() {
        String host = fleet.host("host");
        String tenant = fleet.tenant("solo", host, "1.30", "1.30");

        Api.Reply created = api.post(ADMIN, "/api/v1/clusters/" + tenant + "/upgrades",
                Map.of("targetVersion", "1.31"));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        long id = created.body().path("id").asLong();
        assertThat(created.body().path("campaignId").asLong()).isPositive();
        assertThat(created.body().path("progress").path("steps").asInt()).isEqualTo(4);

        JsonNode etcd = awaitItem(host, tenant, "etcd", "1.31");
        assertThat(fleet.work(host)).as("one step at a time").hasSize(1);
        assertThat(etcd.path("workId").asString()).isEqualTo("upgrade-" + id + "-etcd");
        assertThat(etcd.path("kind").asString()).isEqualTo("StatefulSet");
        assertThat(etcd.path("namespace").asString()).isEqualTo("cp-" + tenant);
        awaitUpgradeState(id, "RUNNING");
        finishSteps(host, tenant, hopSteps("1.31", true));

        awaitUpgradeState(id, "SUCCEEDED");
        JsonNode done = upgrade(id);
        assertThat(done.path("progress").path("stepsDone").asInt()).isEqualTo(4);
        assertThat(done.path("reportedVersion").asString()).isEqualTo("v1.30.2");
        assertThat(done.path("versionReported").asBoolean()).as("the tenant's agent has not reported yet").isFalse();
        assertThat(controlPlaneVersion(tenant)).isEqualTo("1.31");
        assertThat(fleet.work(host)).as("the host keeps running the components").hasSize(4);
        // the campaign closes on the engine's next pass after its last target succeeded
        awaitCampaignState(done.path("campaignId").asLong(), "SUCCEEDED");

        fleet.reportVersion(tenant, "v1.31.0");
        JsonNode reported = upgrade(id);
        assertThat(reported.path("reportedVersion").asString()).isEqualTo("v1.31.0");
        assertThat(reported.path("versionReported").asBoolean()).isTrue();
    }

    @Test
    void onlyTheHostsAgentMayReportOnAnUpgradeStep() {
        String host = fleet.host("host");
        String other = fleet.host("other");
        String tenant = fleet.tenant("guarded", host, "1.30", "1.30");
        long id = api.post(ADMIN, "/api/v1/clusters/" + tenant + "/upgrades", Map.of("targetVersion", "1.31"))
                .body().path("id").asLong();
        JsonNode etcd = awaitItem(host, tenant, "etcd", "1.31");

        assertThat(fleet.report(other, etcd, "SUCCEEDED")).as("another host").isEqualTo(403);
        assertThat(fleet.report(tenant, etcd, "SUCCEEDED")).as("the tenant itself").isEqualTo(403);
        assertThat(upgrade(id).path("progress").path("stepsDone").asInt()).isZero();

        assertThat(fleet.report(host, etcd, "SUCCEEDED")).isEqualTo(204);
        await().atMost(PATIENCE).until(() -> upgrade(id).path("progress").path("stepsDone").asInt() == 1);
        assertThat(fleet.report(host, etcd, "SUCCEEDED")).as("a repeated report counts once").isEqualTo(204);
        assertThat(upgrade(id).path("progress").path("stepsDone").asInt()).isEqualTo(1);
    }

    @Test
    void aFailedStepFailsTheUpgradeAndCancelStopsAnother() {
        String host = fleet.host("host");
        String tenant = fleet.tenant("fails", host, "1.30", "1.30");
        long id = api.post(ADMIN, "/api/v1/clusters/" + tenant + "/upgrades", Map.of("targetVersion", "1.31"))
                .body().path("id").asLong();
        finishSteps(host, tenant, List.of("etcd@1.31"));
        JsonNode apiserver = awaitItem(host, tenant, "kube-apiserver", "1.31");

        assertThat(fleet.report(host, apiserver, "FAILED")).isEqualTo(204);

        awaitUpgradeState(id, "FAILED");
        JsonNode failed = upgrade(id);
        assertThat(failed.path("progress").path("message").asString()).contains("kube-apiserver", "crash-looping");
        awaitCampaignState(failed.path("campaignId").asLong(), "PAUSED");
        assertThat(controlPlaneVersion(tenant)).as("the hop did not finish").isEqualTo("1.30");
        Api.Reply rollback = api.post(ADMIN, "/api/v1/upgrades/campaigns/" + failed.path("campaignId").asLong()
                + "/rollback", null);
        assertThat(rollback.status()).as(rollback.raw()).isEqualTo(409);
        assertThat(rollback.detail()).contains("downgrading a control plane");
    }

    @Test
    void pauseHoldsTheUpgradeAtTheNextStepBoundaryAndResumeGoesOn() {
        String host = fleet.host("host");
        String tenant = fleet.tenant("paused", host, "1.30", "1.30");
        long id = api.post(ADMIN, "/api/v1/clusters/" + tenant + "/upgrades", Map.of("targetVersion", "1.31"))
                .body().path("id").asLong();
        JsonNode etcd = awaitItem(host, tenant, "etcd", "1.31");
        awaitUpgradeState(id, "RUNNING");
        long campaign = upgrade(id).path("campaignId").asLong();

        Api.Reply paused = api.post(ADMIN, "/api/v1/upgrades/campaigns/" + campaign + "/pause", null);
        assertThat(paused.status()).as(paused.raw()).isEqualTo(200);
        assertThat(fleet.item(host, tenant, "etcd").path("paused").asBoolean())
                .as("the step on the host runs to its end").isFalse();
        assertThat(fleet.report(host, etcd, "SUCCEEDED")).isEqualTo(204);

        await().atMost(PATIENCE).until(() -> upgrade(id).path("progress").path("stepsDone").asInt() == 1);
        JsonNode held = upgrade(id);
        assertThat(held.path("progress").path("paused").asBoolean()).isTrue();
        assertThat(held.path("progress").path("stepRunning").asBoolean()).isFalse();
        assertThat(held.path("progress").path("message").asString()).contains("kube-apiserver", "paused");
        assertThat(fleet.item(host, tenant, "kube-apiserver")).isNull();

        assertThat(api.post(ADMIN, "/api/v1/upgrades/campaigns/" + campaign + "/resume", null).status())
                .isEqualTo(200);
        finishSteps(host, tenant, List.of("kube-apiserver@1.31", "kube-controller-manager@1.31",
                "kube-scheduler@1.31"));
        awaitUpgradeState(id, "SUCCEEDED");
    }
}
