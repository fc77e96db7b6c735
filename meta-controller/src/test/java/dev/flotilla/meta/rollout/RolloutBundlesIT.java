package dev.flotilla.meta.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flotilla.meta.support.Api;
import dev.flotilla.meta.support.Fleet;
import dev.flotilla.meta.support.IntegrationTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Rollouts of bundles over the real HTTP API and agent protocol: each cluster's rendered bundle in its item (stored
 * once for clusters that share it), each resource's standing in the target, uninstall rollouts, rollback after
 * success within maxConcurrency, and rollbacks that uninstall where nothing ran before.
 */
@IntegrationTest
class RolloutBundlesIT extends RolloutHarness {

    @Test
    void eachClusterGetsItsRenderedBundleAndClustersWithTheSameBundleShareOneStoredManifest() {
        fleet.addInZones(3, "a");
        String app = application(1);
        long id = start(body(app, 1));
        await().atMost(PATIENCE).until(() -> targets(id, "state=DISPATCHED").size() == 3);

        for (String cluster : targets(id, "state=DISPATCHED")) {
            JsonNode item = fleet.item(cluster, app);
            assertThat(item.path("resources")).as("a single-manifest revision is a bundle of one").hasSize(1);
            assertThat(item.path("resources").get(0)).isEqualTo(item.path("manifest"));
            assertThat(item.path("manifest").path("spec").toString()).contains("web:v1");
            assertThat(item.path("kind").asString()).isEqualTo("CloneSet");
            assertThat(item.path("name").asString()).isEqualTo(app);
            assertThat(item.path("uninstall").asBoolean()).isFalse();
        }
        assertThat(jdbc.sql("SELECT count(DISTINCT manifest_hash) FROM work_item WHERE kind = 'ROLLOUT' "
                + "AND campaign_id = ?").param(id).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aTargetShowsEachResourcesStandingAsItsAgentLastReportedIt() {
        String cluster = fleet.addInZones(1, "a").get(0);
        String app = application(1);
        long id = start(body(app, 1));
        await().atMost(PATIENCE).until(() -> targets(id, "state=DISPATCHED").size() == 1);

        assertThat(report(cluster, app, "BATCH_IN_PROGRESS", List.of(
                resource("v1", "ConfigMap", "shop", "web-config", "APPLIED", null, null),
                resource("apps.kruise.io/v1alpha1", "CloneSet", "shop", app, "IN_PROGRESS", "batch 1/2",
                        Map.of("replicas", 3, "updatedReplicas", 1))))).isEqualTo(204);
        JsonNode target = target(id, cluster);
        assertThat(target.path("state").asString()).isEqualTo("IN_PROGRESS");
        assertThat(target.path("resources")).hasSize(2);
        assertThat(target.path("resources").get(0).path("kind").asString()).isEqualTo("ConfigMap");
        assertThat(target.path("resources").get(0).path("state").asString()).isEqualTo("APPLIED");
        assertThat(target.path("resources").get(1).path("observed").path("updatedReplicas").asInt()).isEqualTo(1);
        assertThat(campaignTarget(id, cluster).path("resources")).as("the campaigns' view shows them too")
                .isEqualTo(target.path("resources"));

        assertThat(report(cluster, app, "BATCH_COMPLETE", null)).isEqualTo(204);
        assertThat(target(id, cluster).path("resources")).as("a report without resources keeps the last")
                .isEqualTo(target.path("resources"));

        assertThat(report(cluster, app, "FAILED", List.of(
                resource("v1", "ConfigMap", "shop", "web-config", "READY", null, null),
                resource("apps.kruise.io/v1alpha1", "CloneSet", "shop", app, "FAILED",
                        "admission webhook refused it", null)))).isEqualTo(204);
        JsonNode failed = target(id, cluster);
        assertThat(failed.path("state").asString()).isEqualTo("FAILED");
        assertThat(failed.path("resources").get(1).path("state").asString()).isEqualTo("FAILED");
        assertThat(failed.path("resources").get(1).path("message").asString()).contains("webhook");
    }

    @Test
    void anUninstallRolloutRemovesTheApplicationThroughWavesWithinMaxConcurrency() {
        List<String> clusters = fleet.addInZones(3, "a");
        String app = application(1);
        long install = start(body(app, 1));
        driveToEnd(install, app);
        awaitState(install, "SUCCEEDED");
        assertThat(installedOn(app)).containsExactlyInAnyOrderElementsOf(clusters);

        Map<String, Object> uninstall = body(app, 1, "uninstall", true, "maxConcurrency", 1,
                "canary", Map.of("count", 1));
        uninstall.remove("revision");
        long id = start(uninstall);
        JsonNode started = rollout(id);
        assertThat(started.path("uninstall").asBoolean()).isTrue();
        assertThat(started.path("revision").isNull()).isTrue();
        assertThat(started.path("waves")).hasSize(2);

        List<String> order = new ArrayList<>();
        while (order.size() < 3) {
            await().atMost(PATIENCE).until(() -> !targets(id, "state=DISPATCHED").isEmpty());
            List<String> dispatched = targets(id, "state=DISPATCHED");
            assertThat(dispatched).as("maxConcurrency").hasSize(1);
            String cluster = dispatched.get(0);
            JsonNode item = fleet.item(cluster, app);
            assertThat(item.path("uninstall").asBoolean()).isTrue();
            assertThat(item.path("resources")).isEmpty();
            assertThat(item.path("rollback").asBoolean()).isFalse();
            assertThat(item.path("workId").asString()).isEqualTo("rollout-" + id + "-" + app);
            assertThat(fleet.report(cluster, app, "SUCCEEDED")).isEqualTo(204);
            await().atMost(PATIENCE).until(() -> fleet.item(cluster, app) == null);
            assertThat(installedOn(app)).doesNotContain(cluster);
            order.add(cluster);
        }
        awaitState(id, "SUCCEEDED");
        assertThat(order).containsExactlyInAnyOrderElementsOf(clusters);
        assertThat(installedOn(app)).isEmpty();
        assertThat(count(rollout(id), "SUCCEEDED")).isEqualTo(3);
        JsonNode listed = api.get(ADMIN, "/api/v1/rollouts?application=" + app).body().path("items").get(0);
        assertThat(listed.path("uninstall").asBoolean()).isTrue();
    }

    @Test
    void rollingBackAnUninstallReinstallsWhatEachClusterRanBefore() {
        List<String> clusters = fleet.addInZones(2, "a");
        String app = application(2);
        long install = start(body(app, 2));
        driveToEnd(install, app);
        awaitState(install, "SUCCEEDED");
        Map<String, Object> uninstall = body(app, 1, "uninstall", true);
        uninstall.remove("revision");
        long id = start(uninstall);
        driveToEnd(id, app);
        awaitState(id, "SUCCEEDED");
        assertThat(installedOn(app)).isEmpty();
        clusters.forEach(c -> assertThat(fleet.item(c, app)).isNull());

        assertThat(api.post(ADMIN, "/api/v1/rollouts/" + id + "/rollback", null).status()).isEqualTo(200);

        await().atMost(PATIENCE).until(() -> targets(id, "state=DISPATCHED").size() == 2);
        for (String cluster : clusters) {
            JsonNode item = fleet.item(cluster, app);
            assertThat(item.path("rollback").asBoolean()).isTrue();
            assertThat(item.path("uninstall").asBoolean()).isFalse();
            assertThat(item.path("revision").asInt()).isEqualTo(2);
            assertThat(item.path("resources").get(0).toString()).contains("web:v2");
            assertThat(fleet.report(cluster, app, "SUCCEEDED")).isEqualTo(204);
        }
        awaitState(id, "ROLLED_BACK");
        assertThat(revisions(app)).containsExactlyInAnyOrderEntriesOf(Map.of(clusters.get(0), 2, clusters.get(1), 2));
    }

    @Test
    void anUninstallTakesNoRevisionAndARolloutWithoutOneIsRefused() {
        fleet.addInZones(1, "a");
        String app = application(1);

        Fleet.assertProblem(api.post(ADMIN, "/api/v1/rollouts", body(app, 1, "uninstall", true)), 400,
                "uninstall", "revision");
        Map<String, Object> none = body(app, 1);
        none.remove("revision");
        Fleet.assertProblem(api.post(ADMIN, "/api/v1/rollouts", none), 400, "revision");
        assertThat(api.get(ADMIN, "/api/v1/rollouts?application=" + app).body().path("items")).isEmpty();
    }

    @Test
    void rollbackAfterSuccessReturnsEveryClusterWithinMaxConcurrencyAndUninstallsWhereNothingRanBefore() {
        List<String> clusters = fleet.addInZones(3, "a");
        String fresh = clusters.get(2);
        String app = application(2);
        Map<String, Object> first = body(app, 1);
        first.put("clusters", Map.of("names", clusters.subList(0, 2)));
        long one = start(first);
        driveToEnd(one, app);
        awaitState(one, "SUCCEEDED");
        long id = start(body(app, 2, "maxConcurrency", 2));
        driveToEnd(id, app);
        awaitState(id, "SUCCEEDED");
        assertThat(api.post(ADMIN, "/api/v1/rollouts/" + one + "/rollback", null).status())
                .as("a later rollout holds the application").isEqualTo(200);
        awaitState(one, "ROLLED_BACK");
        clusters.forEach(c -> assertThat(fleet.item(c, app).path("revision").asInt()).isEqualTo(2));

        Api.Reply rolling = api.post(ADMIN, "/api/v1/rollouts/" + id + "/rollback", null);

        assertThat(rolling.status()).as(rolling.raw()).isEqualTo(200);
        assertThat(rolling.body().path("state").asString()).isEqualTo("ROLLING_BACK");
        // the engine may have started returning some by the time the answer is read
        assertThat(count(rolling.body(), "ROLLBACK_PENDING") + count(rolling.body(), "DISPATCHED")
                + count(rolling.body(), "ROLLED_BACK")).isEqualTo(3);
        assertThat(count(rolling.body(), "DISPATCHED")).isLessThanOrEqualTo(2);
        assertThat(api.get(ADMIN, "/api/v1/rollouts/" + id + "/events?limit=1000").body().path("items").toString())
                .contains("3 targets wait to roll back, at most 2 at a time");
        List<String> returned = new ArrayList<>();
        while (returned.size() < 3) {
            await().atMost(PATIENCE).until(() -> !targets(id, "state=DISPATCHED").isEmpty());
            List<String> dispatched = targets(id, "state=DISPATCHED");
            assertThat(dispatched).as("maxConcurrency").hasSizeLessThanOrEqualTo(2);
            for (String cluster : dispatched) {
                JsonNode item = fleet.item(cluster, app);
                assertThat(item.path("rollback").asBoolean()).isTrue();
                if (cluster.equals(fresh)) {
                    assertThat(item.path("uninstall").asBoolean()).as("it ran nothing before").isTrue();
                } else {
                    assertThat(item.path("revision").asInt()).isEqualTo(1);
                    assertThat(item.path("resources").toString()).contains("web:v1");
                }
                assertThat(fleet.report(cluster, app, "SUCCEEDED")).isEqualTo(204);
                returned.add(cluster);
            }
            await().atMost(PATIENCE).until(() -> dispatched.stream().noneMatch(
                    c -> targets(id, "state=DISPATCHED").contains(c)));
        }

        awaitState(id, "ROLLED_BACK");
        assertThat(returned).containsExactlyInAnyOrderElementsOf(clusters);
        assertThat(count(rollout(id), "ROLLED_BACK")).isEqualTo(3);
        assertThat(fleet.item(fresh, app)).as("the uninstall item leaves once done").isNull();
        Map<String, Integer> installed = revisions(app);
        assertThat(installed).containsExactlyInAnyOrderEntriesOf(Map.of(clusters.get(0), 1, clusters.get(1), 1));
        assertThat(types(id)).contains("ROLLING_BACK", "ROLLBACK_QUEUED", "TARGET_ROLLING_BACK",
                "TARGET_ROLLED_BACK");
        assertThat(types(id).get(types(id).size() - 1)).isEqualTo("ROLLED_BACK");
    }

    @Test
    void aBudgetRollbackSendsAnUninstallWhereNothingRanBefore() {
        List<String> clusters = fleet.addInZones(2, "a");
        String app = application(1);
        long id = start(body(app, 1, "onFailure", "ROLLBACK"));
        await().atMost(PATIENCE).until(() -> targets(id, "state=DISPATCHED").size() == 2);
        assertThat(fleet.report(clusters.get(0), app, "SUCCEEDED")).isEqualTo(204);
        assertThat(fleet.report(clusters.get(1), app, "FAILED")).isEqualTo(204);

        awaitState(id, "ROLLING_BACK");
        for (String cluster : clusters) {
            JsonNode item = fleet.item(cluster, app);
            assertThat(item.path("uninstall").asBoolean()).isTrue();
            assertThat(item.path("rollback").asBoolean()).isTrue();
            assertThat(item.path("resources")).isEmpty();
        }
        assertThat(targets(id, "state=DISPATCHED")).containsExactlyInAnyOrderElementsOf(clusters);
        clusters.forEach(c -> assertThat(fleet.report(c, app, "SUCCEEDED")).isEqualTo(204));

        awaitState(id, "ROLLED_BACK");
        clusters.forEach(c -> assertThat(fleet.item(c, app)).isNull());
        assertThat(installedOn(app)).isEmpty();
    }

    @Test
    void anAbortedRolloutsInFlightTargetsEndAborted() {
        List<String> clusters = fleet.addInZones(3, "a");
        String app = application(1);
        long id = start(body(app, 1, "maxConcurrency", 2));
        await().atMost(PATIENCE).until(() -> targets(id, "state=DISPATCHED").size() == 2);
        List<String> inFlight = targets(id, "state=DISPATCHED");
        assertThat(fleet.report(inFlight.get(0), app, "APPLYING")).isEqualTo(204);

        JsonNode aborted = api.post(ADMIN, "/api/v1/rollouts/" + id + "/abort", null).body();

        assertThat(count(aborted, "ABORTED")).isEqualTo(2);
        assertThat(count(aborted, "IN_PROGRESS") + count(aborted, "DISPATCHED")).isZero();
        assertThat(targets(id, "state=ABORTED")).containsExactlyInAnyOrderElementsOf(inFlight);
        assertThat(target(id, inFlight.get(0)).path("message").asString()).contains("aborted");
        assertThat(fleet.report(inFlight.get(0), app, "SUCCEEDED")).isEqualTo(204);
        assertThat(target(id, inFlight.get(0)).path("state").asString()).as("terminal").isEqualTo("ABORTED");
        assertThat(types(id)).contains("TARGET_ABORTED");

        assertThat(api.post(ADMIN, "/api/v1/rollouts/" + id + "/rollback", null).status()).isEqualTo(200);
        await().atMost(PATIENCE).until(() -> targets(id, "state=DISPATCHED").size() == 2);
        inFlight.forEach(c -> assertThat(fleet.item(c, app).path("uninstall").asBoolean()).isTrue());
        inFlight.forEach(c -> assertThat(fleet.report(c, app, "SUCCEEDED")).isEqualTo(204));
        awaitState(id, "ROLLED_BACK");
        assertThat(clusters).hasSize(3);
    }

    private int report(String cluster, String app, String phase, List<Map<String, Object>> resources) {
        JsonNode item = fleet.item(cluster, app);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("workId", item.path("workId").asString());
        report.put("generation", item.path("generation").asLong());
        report.put("seq", fleet.nextSeq());
        report.put("phase", phase);
        report.put("batch", 1);
        report.put("batches", 2);
        if (resources != null) {
            report.put("resources", resources);
        }
        return api.post(fleet.token(cluster), "/agent/v1/status", Map.of("reports", List.of(report))).status();
    }

    private static Map<String, Object> resource(String apiVersion, String kind, String namespace, String name,
            String state, String message, Map<String, Object> observed) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("apiVersion", apiVersion);
        r.put("kind", kind);
        r.put("namespace", namespace);
        r.put("name", name);
        r.put("state", state);
        r.put("message", message);
        r.put("observed", observed);
        return r;
    }

    private JsonNode target(long id, String cluster) {
        for (JsonNode t : api.get(ADMIN, "/api/v1/rollouts/" + id + "/targets?limit=1000").body().path("items")) {
            if (t.path("cluster").asString().equals(cluster)) {
                return t;
            }
        }
        throw new AssertionError("no target " + cluster);
    }

    private JsonNode campaignTarget(long id, String cluster) {
        for (JsonNode t : api.get(ADMIN, "/api/v1/campaigns/" + id + "/targets?limit=1000").body().path("items")) {
            if (t.path("cluster").asString().equals(cluster)) {
                return t;
            }
        }
        throw new AssertionError("no campaign target " + cluster);
    }

    private List<String> installedOn(String app) {
        return new ArrayList<>(revisions(app).keySet());
    }

    private Map<String, Integer> revisions(String app) {
        Map<String, Integer> revisions = new LinkedHashMap<>();
        api.get(ADMIN, "/api/v1/applications/" + app + "/clusters?limit=1000").body().path("items")
                .forEach(c -> revisions.put(c.path("cluster").asString(), c.path("revision").asInt()));
        return revisions;
    }

    private List<String> types(long id) {
        List<String> types = new ArrayList<>();
        api.get(ADMIN, "/api/v1/rollouts/" + id + "/events?limit=1000").body().path("items")
                .forEach(e -> types.add(e.path("type").asString()));
        return types;
    }
}
