package dev.flotilla.meta.application;

import static dev.flotilla.meta.application.Bundles.cloneSet;
import static dev.flotilla.meta.application.Bundles.configMap;
import static dev.flotilla.meta.application.Bundles.object;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.meta.support.Api;
import dev.flotilla.meta.support.Fleet;
import dev.flotilla.meta.support.IntegrationTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class BundleApiIT {

    private static final String ADMIN = Fleet.ADMIN;
    private static final AtomicInteger SEQ = new AtomicInteger();

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    Api api;
    Fleet fleet;
    /** A tenant of this test alone: a revision is checked against its tenant's clusters. */
    String tenant;

    @BeforeEach
    void connect() {
        api = new Api(port);
        fleet = new Fleet(api);
        tenant = "bundle-" + SEQ.incrementAndGet() + "-" + System.nanoTime() % 100000;
    }

    @Test
    void aBundleIsRenderedPerClusterInApplyOrderWithTheOverridesOfTheClustersItMatches() {
        fleet.create(tenant + "-eu", tenant, "eu-west", "eu-west-1a", Map.of("tier", "gold", "mirror", "eu.example"));
        fleet.create(tenant + "-us", tenant, "us-east", "us-east-1a", Map.of("tier", "silver"));
        String app = application(null);

        Api.Reply posted = api.post(ADMIN, "/api/v1/applications/" + app + "/revisions", Map.of(
                "resources", List.of(cloneSet("web", "web:1"), object("v1", "Service", "web"),
                        configMap("web-config", Map.of("host", "${cluster.name}.example")),
                        object("v1", "Namespace", "shop")),
                "overrides", List.of(Map.of("clusters", Map.of("selector", "tier=gold"), "patches", List.of(
                        Map.of("target", Map.of("kind", "CloneSet", "name", "web"),
                                "mergePatch", Map.of("spec", Map.of("replicas", 5))),
                        Map.of("target", Map.of("kind", "CloneSet", "name", "web"), "jsonPatch", List.of(Map.of(
                                "op", "replace", "path", "/spec/template/spec/containers/0/image",
                                "value", "${cluster.labels['mirror']}/web:1"))))))));

        assertThat(posted.status()).as(posted.raw()).isEqualTo(201);
        assertThat(posted.body().path("resources")).hasSize(4);
        assertThat(posted.body().path("overrides").get(0).path("clusters").path("selector").asString())
                .isEqualTo("tier=gold");
        assertThat(posted.body().path("manifest").path("kind").asString()).as("the first Kruise workload")
                .isEqualTo("CloneSet");
        JsonNode eu = rendered(app, 1, tenant + "-eu");
        assertThat(kinds(eu)).containsExactly("Namespace", "ConfigMap", "Service", "CloneSet");
        JsonNode euWeb = eu.path("resources").get(3);
        assertThat(euWeb.path("spec").path("replicas").asInt()).isEqualTo(5);
        assertThat(euWeb.path("spec").path("template").path("spec").path("containers").get(0).path("image")
                .asString()).isEqualTo("eu.example/web:1");
        assertThat(euWeb.path("metadata").path("namespace").asString()).isEqualTo("shop");
        assertThat(eu.path("resources").get(1).path("data").path("host").asString())
                .isEqualTo(tenant + "-eu.example");
        JsonNode us = rendered(app, 1, tenant + "-us");
        assertThat(us.path("resources").get(3).path("spec").path("replicas").asInt()).isEqualTo(2);
        assertThat(us.path("refused").isNull()).isTrue();
    }

    @Test
    void theOneManifestFormIsABundleOfOneAndAnApplicationsKindStillNamesItsWorkload() {
        fleet.create(tenant + "-a", tenant, "eu", "eu-1", Map.of());
        String app = application("CloneSet");

        Api.Reply one = api.post(ADMIN, "/api/v1/applications/" + app + "/revisions",
                Map.of("manifest", cloneSet("web", "web:1")));
        Api.Reply wrongKind = api.post(ADMIN, "/api/v1/applications/" + app + "/revisions",
                Map.of("resources", List.of(object("v1", "ConfigMap", "c"))));

        assertThat(one.status()).as(one.raw()).isEqualTo(201);
        assertThat(one.body().path("resources")).hasSize(1);
        assertThat(one.body().path("overrides")).isEmpty();
        assertThat(kinds(rendered(app, 1, tenant + "-a"))).containsExactly("CloneSet");
        assertThat(wrongKind.status()).isEqualTo(400);
        assertThat(wrongKind.detail()).contains("the application's kind is 'CloneSet'");
        assertThat(api.get(ADMIN, "/api/v1/applications/" + application(null)).body().path("kind").isNull()).isTrue();
    }

    @Test
    void aBrokenBundleIsA400NamingTheIndexAndWritesNothing() {
        String app = application(null);
        Map<String, Object> duplicate = configMap("c", Map.of());
        ((Map<String, Object>) duplicate.get("metadata")).put("namespace", "shop");

        List<Object[]> cases = List.of(
                new Object[] {Map.of("resources", List.of(configMap("c", Map.of()), duplicate)),
                        "resources[1]: is the same object (ConfigMap shop/c) as resources[0]"},
                new Object[] {Map.of("resources", List.of(Map.of("kind", "ConfigMap", "metadata",
                        Map.of("name", "x")))), "resources[0]: apiVersion: required"},
                new Object[] {Map.of("resources", List.of(Map.of("apiVersion", "v1", "kind", "Namespace",
                        "metadata", Map.of("name", "x", "namespace", "shop")))), "Namespace is cluster-scoped"},
                new Object[] {Map.of("resources", List.of(), "manifest", cloneSet("web", "web:1")),
                        "give exactly one of manifest"},
                new Object[] {Map.of("overrides", List.of()), "give exactly one of manifest"},
                new Object[] {Map.of("resources", List.of(configMap("c", Map.of())), "overrides", List.of(Map.of(
                        "patches", List.of(Map.of("target", Map.of("kind", "ConfigMap", "name", "c"),
                                "jsonPatch", List.of(Map.of("op", "nope", "path", "/a"))))))),
                        "overrides[0].patches[0].jsonPatch[0].op"});
        for (Object[] c : cases) {
            Api.Reply reply = api.post(ADMIN, "/api/v1/applications/" + app + "/revisions", c[0]);
            assertThat(reply.status()).as(reply.raw()).isEqualTo(400);
            assertThat(reply.contentType()).contains("application/problem+json");
            assertThat(reply.detail()).contains((String) c[1]);
        }
        assertThat(api.get(ADMIN, "/api/v1/applications/" + app).body().path("latestRevision").asInt()).isZero();
        assertThat(revisionRows(app)).isZero();
    }

    @Test
    void anOverrideThatDoesNotApplyToAnExistingClusterIsA400AndOneAddedLaterRendersRefused() {
        fleet.create(tenant + "-a", tenant, "eu", "eu-1", Map.of("tier", "gold"));
        String app = application(null);
        Map<String, Object> labelled = Map.of("resources", List.of(configMap("c", Map.of("t", "x"))),
                "overrides", List.of(Map.of("clusters", Map.of("selector", "tier"), "patches", List.of(Map.of(
                        "target", Map.of("kind", "ConfigMap", "name", "c"),
                        "mergePatch", Map.of("data", Map.of("t", "${cluster.labels['tier']}")))))));
        Map<String, Object> failingTest = Map.of("resources", List.of(configMap("c", Map.of("t", "x"))),
                "overrides", List.of(Map.of("clusters", Map.of("names", List.of(tenant + "-a")), "patches",
                        List.of(Map.of("target", Map.of("kind", "ConfigMap", "name", "c"), "jsonPatch",
                                List.of(Map.of("op", "test", "path", "/data/t", "value", "y")))))));

        Api.Reply refused = api.post(ADMIN, "/api/v1/applications/" + app + "/revisions", failingTest);
        assertThat(refused.status()).as(refused.raw()).isEqualTo(400);
        assertThat(refused.detail()).contains("cluster '" + tenant + "-a'", "overrides[0].patches[0] does not apply");
        assertThat(refused.body().path("cluster").asString()).isEqualTo(tenant + "-a");
        assertThat(revisionRows(app)).isZero();

        // the label override applies everywhere now, then a cluster without the label but matching "tier" cannot
        // exist; one selected by name without the label can
        Map<String, Object> named = Map.of("resources", List.of(configMap("c", Map.of("t", "x"))),
                "overrides", List.of(Map.of("clusters", Map.of("selector", "zone-kind=late"), "patches", List.of(Map.of(
                        "target", Map.of("kind", "ConfigMap", "name", "c"),
                        "mergePatch", Map.of("data", Map.of("t", "${cluster.labels['tier']}")))))));
        assertThat(api.post(ADMIN, "/api/v1/applications/" + app + "/revisions", labelled).status()).isEqualTo(201);
        assertThat(api.post(ADMIN, "/api/v1/applications/" + app + "/revisions", named).status()).isEqualTo(201);
        fleet.create(tenant + "-late", tenant, "eu", "eu-2", Map.of("zone-kind", "late"));

        JsonNode late = rendered(app, 2, tenant + "-late");
        assertThat(late.path("resources").isNull()).isTrue();
        assertThat(late.path("refused").asString()).contains("has no value for ${cluster.labels['tier']}");
        Api.Reply diff = api.get(ADMIN, "/api/v1/applications/" + app + "/revisions/2/diff?cluster=" + tenant + "-late");
        assertThat(diff.status()).isEqualTo(409);
        assertThat(diff.detail()).contains("revision 2 does not apply to cluster '" + tenant + "-late'");
    }

    @Test
    void theDiffForAClusterNamesAddedChangedAndRemovedObjectsWithAJsonPatchOfEachChange() {
        fleet.create(tenant + "-a", tenant, "eu", "eu-1", Map.of());
        String app = application(null);
        Map<String, Object> pdb = object("policy/v1", "PodDisruptionBudget", "web");
        pdb.put("spec", Map.of("maxUnavailable", 1));
        post(app, List.of(object("v1", "Service", "web"), configMap("web-config", Map.of("a", "1")),
                cloneSet("web", "web:1")));
        post(app, List.of(object("v1", "Service", "web"), pdb, cloneSet("web", "web:2")));

        JsonNode diff = api.get(ADMIN, "/api/v1/applications/" + app + "/revisions/2/diff?from=1&cluster="
                + tenant + "-a").body();

        assertThat(diff.path("from").asInt()).isEqualTo(1);
        assertThat(diff.path("added")).hasSize(1);
        assertThat(diff.path("added").get(0).path("kind").asString()).isEqualTo("PodDisruptionBudget");
        assertThat(diff.path("removed")).hasSize(1);
        assertThat(diff.path("removed").get(0).path("metadata").path("name").asString()).isEqualTo("web-config");
        assertThat(diff.path("changed")).hasSize(1);
        JsonNode change = diff.path("changed").get(0);
        assertThat(change.path("kind").asString()).isEqualTo("CloneSet");
        assertThat(change.path("namespace").asString()).isEqualTo("shop");
        assertThat(change.path("patch").toString()).isEqualTo(
                "[{\"op\":\"replace\",\"path\":\"/spec/template/spec/containers/0/image\",\"value\":\"web:2\"}]");
        assertThat(diff.path("unchanged").asInt()).isEqualTo(1);
        JsonNode first = api.get(ADMIN, "/api/v1/applications/" + app + "/revisions/1/diff?cluster=" + tenant + "-a")
                .body();
        assertThat(first.path("from").asInt()).as("before the first revision: nothing").isZero();
        assertThat(first.path("added")).hasSize(3);
    }

    @Test
    void unknownClustersRevisionsAndOtherTenantsAreClear4xx() {
        fleet.create(tenant + "-a", tenant, "eu", "eu-1", Map.of());
        fleet.create(tenant + "-other", tenant + "-x", "eu", "eu-1", Map.of());
        String app = application(null);
        post(app, List.of(configMap("c", Map.of())));
        String scoped = fleet.token(tenant + "-viewer", "viewer", tenant);
        String other = fleet.token(tenant + "-x-viewer", "viewer", tenant + "-x");
        String base = "/api/v1/applications/" + app + "/revisions/";

        assertThat(api.get(scoped, base + "1/rendered?cluster=" + tenant + "-a").status()).isEqualTo(200);
        assertProblem(api.get(ADMIN, base + "1/rendered?cluster=nope-" + tenant), 404, "cluster 'nope-");
        assertProblem(api.get(ADMIN, base + "7/rendered?cluster=" + tenant + "-a"), 404, "revision '" + app + "/7'");
        assertProblem(api.get(ADMIN, base + "1/rendered"), 400, "cluster");
        assertProblem(api.get(ADMIN, base + "1/rendered?cluster="), 400, "cluster");
        assertProblem(api.get(ADMIN, base + "1/diff?from=5&cluster=" + tenant + "-a"), 404, "revision");
        assertProblem(api.get(ADMIN, base + "1/diff?from=-1&cluster=" + tenant + "-a"), 400, "from");
        assertProblem(api.get(ADMIN, base + "1/diff?from=x&cluster=" + tenant + "-a"), 400, "from");
        assertProblem(api.get(scoped, base + "1/rendered?cluster=" + tenant + "-other"), 404, "cluster");
        assertProblem(api.get(other, base + "1/rendered?cluster=" + tenant + "-other"), 404, "application");
        assertProblem(api.get(other, base + "1/diff?cluster=" + tenant + "-other"), 404, "application");
    }

    private void assertProblem(Api.Reply reply, int status, String detail) {
        assertThat(reply.status()).as(reply.raw()).isEqualTo(status);
        assertThat(reply.contentType()).contains("application/problem+json");
        assertThat(reply.detail()).contains(detail);
    }

    private String application(String kind) {
        String name = "b" + SEQ.incrementAndGet() + "-" + System.nanoTime() % 100000;
        Map<String, Object> body = new LinkedHashMap<>(Map.of("name", name, "tenant", tenant, "namespace", "shop"));
        if (kind != null) {
            body.put("kind", kind);
        }
        Api.Reply reply = api.post(ADMIN, "/api/v1/applications", body);
        assertThat(reply.status()).as(reply.raw()).isEqualTo(201);
        return name;
    }

    private void post(String app, List<Map<String, Object>> resources) {
        Api.Reply reply = api.post(ADMIN, "/api/v1/applications/" + app + "/revisions", Map.of("resources", resources));
        assertThat(reply.status()).as(reply.raw()).isEqualTo(201);
    }

    private JsonNode rendered(String app, int revision, String cluster) {
        Api.Reply reply = api.get(ADMIN, "/api/v1/applications/" + app + "/revisions/" + revision + "/rendered?cluster="
                + cluster);
        assertThat(reply.status()).as(reply.raw()).isEqualTo(200);
        assertThat(reply.body().path("cluster").asString()).isEqualTo(cluster);
        return reply.body();
    }

    private static List<String> kinds(JsonNode rendered) {
        List<String> kinds = new ArrayList<>();
        rendered.path("resources").forEach(r -> kinds.add(r.path("kind").asString()));
        return kinds;
    }

    private int revisionRows(String app) {
        return jdbc.sql("SELECT count(*) FROM application_revision r JOIN application a ON a.id = r.application_id "
                + "WHERE a.name = ?").param(app).query(Integer.class).single();
    }
}
