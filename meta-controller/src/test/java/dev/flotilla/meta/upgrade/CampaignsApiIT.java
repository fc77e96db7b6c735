package dev.flotilla.meta.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flotilla.meta.support.Api;
import dev.flotilla.meta.support.IntegrationTest;
import dev.flotilla.meta.support.SseReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Both kinds of campaign, a rollout and an upgrade campaign, read and controlled through {@code /api/v1/campaigns}. */
@IntegrationTest
class CampaignsApiIT extends UpgradeExecutionHarness {

    @LocalServerPort
    int port;

    @Test
    void aRolloutAndAnUpgradeCampaignAreReadAndControlledThroughOneSurface() throws Exception {
        String host = fleet.host("host");
        String tenant = fleet.tenant("one", host, "1.30", "1.30");
        String app = application(2);
        Api.Reply rollout = api.post(ADMIN, "/api/v1/rollouts", Map.of("application", app, "revision", 1,
                "clusters", Map.of("names", List.of(host)), "approvalBeforeWaves", List.of(0)));
        assertThat(rollout.status()).as(rollout.raw()).isEqualTo(201);
        long rolloutId = rollout.body().path("id").asLong();
        Api.Reply upgrade = api.post(ADMIN, "/api/v1/upgrades", Map.of("clusters", Map.of("names", List.of(tenant)),
                "targetVersion", "1.31", "approvalBeforeWaves", List.of(0)));
        assertThat(upgrade.status()).as(upgrade.raw()).isEqualTo(201);
        long upgradeId = upgrade.body().path("id").asLong();
        awaitState(rolloutId, "WAITING_APPROVAL");
        awaitState(upgradeId, "WAITING_APPROVAL");

        JsonNode r = get(rolloutId);
        assertThat(r.path("kind").asString()).isEqualTo("ROLLOUT");
        assertThat(r.path("subject").asString()).isEqualTo(app);
        assertThat(r.path("createdBy").asString()).isNotBlank();
        assertThat(r.path("targets").asInt()).isEqualTo(1);
        assertThat(r.path("details").path("application").asString()).isEqualTo(app);
        assertThat(r.path("details").path("revision").asInt()).isEqualTo(1);
        JsonNode u = get(upgradeId);
        assertThat(u.path("kind").asString()).isEqualTo("UPGRADE");
        assertThat(u.path("details").path("targetVersion").asString()).isEqualTo("1.31");
        assertThat(u.path("details").path("singleCluster").asBoolean()).isFalse();

        assertThat(ids("/api/v1/campaigns?kind=ROLLOUT&limit=1000")).contains(rolloutId).doesNotContain(upgradeId);
        assertThat(ids("/api/v1/campaigns?kind=UPGRADE&limit=1000")).contains(upgradeId).doesNotContain(rolloutId);
        assertThat(ids("/api/v1/campaigns?limit=1000")).contains(rolloutId, upgradeId);
        assertThat(ids("/api/v1/campaigns?state=WAITING_APPROVAL&subject=" + app)).containsExactly(rolloutId);
        Api.Reply badKind = api.get(ADMIN, "/api/v1/campaigns?kind=BOGUS");
        assertThat(badKind.status()).isEqualTo(400);
        assertThat(badKind.detail()).contains("kind", "BOGUS");

        assertThat(api.get(ADMIN, "/api/v1/campaigns/" + rolloutId + "/targets").body().path("items").get(0)
                .path("cluster").asString()).isEqualTo(host);
        Api.Reply badState = api.get(ADMIN, "/api/v1/campaigns/" + rolloutId + "/targets?state=BOGUS");
        assertThat(badState.status()).isEqualTo(400);
        assertThat(badState.detail()).contains("state", "BOGUS");
        JsonNode upgradeTarget = api.get(ADMIN, "/api/v1/campaigns/" + upgradeId + "/targets").body().path("items")
                .get(0);
        assertThat(upgradeTarget.path("cluster").asString()).isEqualTo(tenant);
        assertThat(upgradeTarget.path("previous").asString()).isEqualTo("1.30");
        assertThat(api.get(ADMIN, "/api/v1/campaigns/" + upgradeId + "/events").body().path("items").get(0)
                .path("type").asString()).isEqualTo("CREATED");

        // controls on the one surface move the campaigns that the kinds' own paths show
        assertThat(control(rolloutId, "approve").status()).isEqualTo(200);
        assertThat(control(rolloutId, "pause").body().path("state").asString()).isEqualTo("PAUSED");
        assertThat(api.get(ADMIN, "/api/v1/rollouts/" + rolloutId).body().path("state").asString())
                .isEqualTo("PAUSED");
        assertThat(control(rolloutId, "approve").status()).as("nothing waits for approval").isEqualTo(409);
        assertThat(control(upgradeId, "approve").body().path("state").asString()).isEqualTo("RUNNING");
        Api.Reply rollback = control(upgradeId, "rollback");
        assertThat(rollback.status()).isEqualTo(409);
        assertThat(rollback.detail()).contains("cannot be rolled back");
        assertThat(control(upgradeId, "abort").body().path("state").asString()).isEqualTo("ABORTED");
        assertThat(api.get(ADMIN, "/api/v1/upgrades/campaigns/" + upgradeId).body().path("state").asString())
                .isEqualTo("ABORTED");
        assertThat(api.post(ADMIN, "/api/v1/campaigns/" + upgradeId + "/explode", null).status()).isEqualTo(404);

        // an aborted upgrade never moves again: its stream sends the whole history and ends
        int events = api.get(ADMIN, "/api/v1/campaigns/" + upgradeId + "/events?limit=1000").body().path("items")
                .size();
        List<JsonNode> streamed = new SseReader(port, ADMIN).read("/api/v1/campaigns/" + upgradeId
                + "/events/stream", null, events);
        assertThat(streamed).hasSize(events);
        assertThat(streamed.get(events - 1).path("seq").asLong()).isEqualTo(events);
        assertThat(streamed).extracting(e -> e.path("type").asString()).contains("CREATED", "ABORTED");

        // the kinds' paths are views of their own kind only, and a tenant sees only its tenant's campaigns
        assertThat(api.get(ADMIN, "/api/v1/rollouts/" + upgradeId).status()).isEqualTo(404);
        assertThat(api.get(ADMIN, "/api/v1/upgrades/campaigns/" + rolloutId).status()).isEqualTo(404);
        String acme = token("acme");
        String other = token("other");
        assertThat(api.get(acme, "/api/v1/campaigns/" + rolloutId).status()).isEqualTo(200);
        assertThat(api.get(other, "/api/v1/campaigns/" + rolloutId).status()).isEqualTo(404);
        assertThat(api.get(other, "/api/v1/campaigns/" + upgradeId).status()).as("unscoped creator").isEqualTo(404);
        assertThat(api.post(other, "/api/v1/campaigns/" + rolloutId + "/resume", null).status()).isEqualTo(404);
        assertThat(idsAs(other, "/api/v1/campaigns?limit=1000")).doesNotContain(rolloutId, upgradeId);
        assertThat(control(rolloutId, "abort").body().path("state").asString()).isEqualTo("ABORTED");
    }

    private JsonNode get(long id) {
        Api.Reply reply = api.get(ADMIN, "/api/v1/campaigns/" + id);
        assertThat(reply.status()).as(reply.raw()).isEqualTo(200);
        return reply.body();
    }

    private Api.Reply control(long id, String action) {
        return api.post(ADMIN, "/api/v1/campaigns/" + id + "/" + action, null);
    }

    private void awaitState(long id, String state) {
        await().atMost(PATIENCE).until(() -> get(id).path("state").asString().equals(state));
    }

    private List<Long> ids(String path) {
        return idsAs(ADMIN, path);
    }

    private List<Long> idsAs(String token, String path) {
        List<Long> ids = new ArrayList<>();
        api.get(token, path).body().path("items").forEach(c -> ids.add(c.path("id").asLong()));
        return ids;
    }

    private String token(String tenant) {
        return api.post(ADMIN, "/api/v1/tokens", Map.of("name", fleet.name(tenant + "-viewer"), "role", "operator",
                "tenant", tenant)).body().path("token").asString();
    }
}
