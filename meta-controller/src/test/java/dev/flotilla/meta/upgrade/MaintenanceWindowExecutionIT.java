package dev.flotilla.meta.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flotilla.meta.support.Api;
import dev.flotilla.meta.support.IntegrationTest;
import dev.flotilla.meta.wave.WaveEngine;
import dev.flotilla.testsupport.SettableClock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** Maintenance windows gate upgrades (always) and rollouts (when asked), on a clock the test moves. */
@IntegrationTest
@Import(SettableClock.Config.class)
// the clock jumps by days: heartbeats must not time out meanwhile
@TestPropertySource(properties = "flotilla.agent.heartbeat-timeout=60d")
class MaintenanceWindowExecutionIT extends UpgradeExecutionHarness {

    /** 2026-06-01 is a Monday. */
    private static final Instant MONDAY_10 = Instant.parse("2026-06-01T10:00:00Z");
    private static final Instant MONDAY_NOON = Instant.parse("2026-06-01T12:00:00Z");

    @Autowired
    SettableClock clock;
    @Autowired
    WaveEngine engine;

    private static Map<String, Object> mondayNoon(String duration) {
        return Map.of("days", List.of("MON"), "start", "12:00", "duration", duration, "timeZone", "UTC");
    }

    private void awaitEngineTicks() {
        long ticks = engine.ticks();
        await().atMost(PATIENCE).until(() -> engine.ticks() > ticks + 2);
    }

    @Test
    void aTargetOutsideItsWindowWaitsPendingWhileOthersUseTheRoomAndStartsWhenTheWindowOpens() {
        clock.set(MONDAY_10);
        String host = fleet.host("host");
        String windowed = fleet.tenant("w1", host, "1.31", "1.31");
        String free = fleet.tenant("w2", host, "1.31", "1.31");
        fleet.setZone(windowed, "zone-a");
        fleet.setZone(free, "zone-a");
        fleet.setWindow(windowed, mondayNoon("PT2H"));
        Api.Reply created = api.post(ADMIN, "/api/v1/upgrades", Map.of("clusters", Map.of("selector", fleet.selector()),
                "targetVersion", "1.32", "maxConcurrency", 1));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        long id = created.body().path("id").asLong();

        finishSteps(host, free, hopSteps("1.32", true));
        awaitEngineTicks();

        JsonNode waiting = api.get(ADMIN, "/api/v1/upgrades/campaigns/" + id + "/targets?state=PENDING").body()
                .path("items").get(0);
        assertThat(waiting.path("cluster").asString()).as("first in plan order, passed over").isEqualTo(windowed);
        assertThat(waiting.path("message").asString()).contains("maintenance window", "2026-06-01T12:00:00Z");
        assertThat(upgrade(waiting.path("upgradeId").asLong()).path("state").asString()).isEqualTo("PENDING");
        assertThat(fleet.item(host, windowed, "etcd")).isNull();

        clock.set(MONDAY_NOON);

        finishSteps(host, windowed, hopSteps("1.32", true));
        awaitCampaignState(id, "SUCCEEDED");
    }

    @Test
    void aStepThatCannotFinishInTheWindowWaitsForTheNextOne() {
        clock.set(MONDAY_NOON.minusSeconds(600));
        String host = fleet.host("host");
        String tenant = fleet.tenant("short", host, "1.31", "1.31");
        fleet.setWindow(tenant, mondayNoon("PT30M"));
        long id = api.post(ADMIN, "/api/v1/clusters/" + tenant + "/upgrades", Map.of("targetVersion", "1.32"))
                .body().path("id").asLong();
        awaitEngineTicks();
        assertThat(upgrade(id).path("state").asString()).isEqualTo("PENDING");
        assertThat(fleet.work(host)).isEmpty();

        clock.set(MONDAY_NOON);
        JsonNode etcd = awaitItem(host, tenant, "etcd", "1.32");
        clock.set(MONDAY_NOON.plusSeconds(15 * 60));
        assertThat(fleet.report(host, etcd, "SUCCEEDED")).isEqualTo(204);

        await().atMost(PATIENCE).until(() -> upgrade(id).path("progress").path("stepsDone").asInt() == 1);
        awaitEngineTicks();
        JsonNode held = upgrade(id);
        assertThat(held.path("state").asString()).isEqualTo("RUNNING");
        assertThat(held.path("progress").path("stepRunning").asBoolean()).isFalse();
        assertThat(held.path("progress").path("message").asString())
                .contains("kube-apiserver", "maintenance window", "2026-06-08T12:00:00Z");
        assertThat(fleet.item(host, tenant, "kube-apiserver")).as("20 minutes do not fit before 12:30").isNull();

        clock.set(Instant.parse("2026-06-08T12:00:00Z"));
        finishSteps(host, tenant, List.of("kube-apiserver@1.32"));
        awaitItem(host, tenant, "kube-controller-manager", "1.32");
    }

    @Test
    void aRolloutThatRespectsWindowsStartsClustersOnlyWhenTheirRolloutFits() {
        clock.set(MONDAY_10);
        String open = fleet.member("r2-free");
        String windowed = fleet.member("r1-windowed");
        String tooShort = fleet.member("r3-short");
        fleet.setWindow(windowed, mondayNoon("PT2H"));
        fleet.setWindow(tooShort, mondayNoon("PT1M"));
        String app = application(3);
        Api.Reply created = api.post(ADMIN, "/api/v1/rollouts", Map.of("application", app, "revision", 1,
                "clusters", Map.of("selector", fleet.selector()), "respectMaintenanceWindows", true,
                "clusterStrategy", Map.of("batches", List.of(Map.of("partition", "1"), Map.of("partition", "0")))));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        long id = created.body().path("id").asLong();

        await().atMost(PATIENCE).until(() -> rolloutTargets(id, "DISPATCHED").contains(open));
        awaitEngineTicks();
        assertThat(rolloutTargets(id, "PENDING")).containsExactlyInAnyOrder(windowed, tooShort);

        clock.set(MONDAY_NOON);

        await().atMost(PATIENCE).until(() -> rolloutTargets(id, "DISPATCHED").contains(windowed));
        awaitEngineTicks();
        JsonNode stuck = api.get(ADMIN, "/api/v1/rollouts/" + id + "/targets?state=PENDING").body().path("items");
        assertThat(stuck.size()).isEqualTo(1);
        assertThat(stuck.get(0).path("cluster").asString()).isEqualTo(tooShort);
        assertThat(stuck.get(0).path("message").asString()).contains("no maintenance window is long enough", "PT2M");
    }

    private List<String> rolloutTargets(long id, String state) {
        List<String> names = new java.util.ArrayList<>();
        api.get(ADMIN, "/api/v1/rollouts/" + id + "/targets?state=" + state).body().path("items")
                .forEach(t -> names.add(t.path("cluster").asString()));
        return names;
    }
}
