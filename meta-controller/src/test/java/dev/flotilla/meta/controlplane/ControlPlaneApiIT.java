package dev.flotilla.meta.controlplane;

import static dev.flotilla.meta.support.Fleet.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.meta.support.Api;
import dev.flotilla.meta.support.Fleet;
import dev.flotilla.meta.support.IntegrationTest;
import dev.flotilla.meta.versions.ControlPlaneComponent;
import dev.flotilla.meta.versions.KubernetesRelease;
import dev.flotilla.meta.versions.MinorVersion;
import dev.flotilla.meta.versions.VersionCatalog;
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
import tools.jackson.databind.json.JsonMapper;

@IntegrationTest
class ControlPlaneApiIT {

    private static final String ADMIN = SharedPostgres.ADMIN_TOKEN;

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    VersionCatalog catalog;

    private Api api;
    private Fleet fleet;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fleet = new Fleet(api, jdbc);
    }

    @Test
    void servesTheVersionCatalogToViewers() {
        String viewer = fleet.token("cp-catalog-viewer", "viewer", null);

        Api.Reply reply = api.get(viewer, "/api/v1/kubernetes-versions");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().size()).isEqualTo(7);
        assertThat(reply.body().get(2).path("version").asString()).isEqualTo("1.30");
        assertThat(reply.body().get(2).path("etcdVersion").asString()).isEqualTo("3.5.12");
        assertThat(reply.body().get(2).path("lifecycle").asString()).isEqualTo("deprecated");
        assertThat(reply.body().get(2).path("images").path("kube-apiserver").asString())
                .isEqualTo("registry.k8s.io/kube-apiserver:v1.30.0");
        assertThat(reply.body().get(4).path("removedApis").get(0).asString())
                .isEqualTo("flowcontrol.apiserver.k8s.io/v1beta3");
    }

    @Test
    void anAdminSetsReadsMovesAndRemovesAControlPlane() {
        fleet.readyCluster("cp-host-a", "platform", "v1.31.0");
        fleet.readyCluster("cp-host-b", "platform", "v1.31.0");
        fleet.readyCluster("cp-tenant-a", "acme", "v1.30.2");
        String viewer = fleet.token("cp-crud-viewer", "viewer", null);

        Api.Reply put = api.put(ADMIN, "/api/v1/clusters/cp-tenant-a/control-plane",
                Map.of("hostCluster", "cp-host-a", "namespace", "tcp-tenant-a", "version", "1.30"));
        assertThat(put.status()).as(put.raw()).isEqualTo(200);
        assertThat(put.body().path("hostCluster").asString()).isEqualTo("cp-host-a");

        Api.Reply get = api.get(viewer, "/api/v1/clusters/cp-tenant-a/control-plane");
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.body().path("namespace").asString()).isEqualTo("tcp-tenant-a");
        assertThat(get.body().path("version").asString()).isEqualTo("1.30");

        fleet.controlPlane("cp-tenant-a", "cp-host-b", "tcp-tenant-a", "1.31");
        assertThat(api.get(viewer, "/api/v1/clusters/cp-tenant-a/control-plane").body().path("hostCluster").asString())
                .isEqualTo("cp-host-b");

        assertThat(api.delete(ADMIN, "/api/v1/clusters/cp-tenant-a/control-plane").status()).isEqualTo(204);
        assertProblem(api.get(viewer, "/api/v1/clusters/cp-tenant-a/control-plane"), 404, "control plane");
        assertProblem(api.delete(ADMIN, "/api/v1/clusters/cp-tenant-a/control-plane"), 404, "control plane");
    }

    @Test
    void onlyAdminsMayWriteAControlPlane() {
        fleet.readyCluster("cp-role-host", "platform", "v1.31.0");
        fleet.readyCluster("cp-role-tenant", "acme", "v1.30.2");
        Map<String, String> body = Map.of("hostCluster", "cp-role-host", "namespace", "tcp-role", "version", "1.30");

        for (String role : new String[] {"viewer", "operator"}) {
            String token = fleet.token("cp-role-" + role, role, null);
            assertProblem(api.put(token, "/api/v1/clusters/cp-role-tenant/control-plane", body), 403, "role");
            assertProblem(api.delete(token, "/api/v1/clusters/cp-role-tenant/control-plane"), 403, "role");
        }
        assertProblem(api.put(null, "/api/v1/clusters/cp-role-tenant/control-plane", body), 401, "token");
    }

    @Test
    void refusesAnUnknownHostTheClusterItselfAVersionOutsideTheCatalogAndBadNames() {
        fleet.readyCluster("cp-bad-host", "platform", "v1.31.0");
        fleet.readyCluster("cp-bad-tenant", "acme", "v1.30.2");
        String path = "/api/v1/clusters/cp-bad-tenant/control-plane";

        assertProblem(api.put(ADMIN, path, Map.of("hostCluster", "nowhere", "namespace", "tcp", "version", "1.30")),
                400, "hostCluster", "nowhere");
        assertProblem(api.put(ADMIN, path, Map.of("hostCluster", "cp-bad-tenant", "namespace", "tcp", "version", "1.30")),
                400, "hostCluster", "its own");
        assertProblem(api.put(ADMIN, path, Map.of("hostCluster", "cp-bad-host", "namespace", "tcp", "version", "1.99")),
                400, "version", "1.99");
        assertProblem(api.put(ADMIN, path, Map.of("hostCluster", "cp-bad-host", "namespace", "Bad_NS", "version", "1.30")),
                400, "namespace");
        assertProblem(api.put(ADMIN, path, Map.of("hostCluster", "cp-bad-host", "version", "1.30")), 400, "namespace");
        assertProblem(api.sendRaw(ADMIN, "PUT", path, "{\"hostCluster\":\"cp-bad-host\",\"namespace\":\"tcp\","
                + "\"version\":\"1.30\",\"replicas\":3}"), 400, "replicas");
        assertProblem(api.put(ADMIN, "/api/v1/clusters/no-such-cluster/control-plane",
                Map.of("hostCluster", "cp-bad-host", "namespace", "tcp", "version", "1.30")), 404, "no-such-cluster");
        assertThat(jdbc.sql("SELECT count(*) FROM control_plane cp JOIN cluster c ON c.id = cp.cluster_id "
                + "WHERE c.name = 'cp-bad-tenant'").query(Long.class).single()).isZero();
    }

    @Test
    void twoControlPlanesCannotShareANamespaceOnOneHost() {
        fleet.readyCluster("cp-ns-host", "platform", "v1.31.0");
        fleet.readyCluster("cp-ns-one", "acme", "v1.30.2");
        fleet.readyCluster("cp-ns-two", "acme", "v1.30.2");
        fleet.controlPlane("cp-ns-one", "cp-ns-host", "shared", "1.30");

        assertProblem(api.put(ADMIN, "/api/v1/clusters/cp-ns-two/control-plane",
                Map.of("hostCluster", "cp-ns-host", "namespace", "shared", "version", "1.30")), 409, "namespace");
    }

    @Test
    void aTenantScopedAdminSeesNeitherOtherTenantsClustersNorTheirHosts() {
        fleet.readyCluster("cp-scope-host", "platform", "v1.31.0");
        fleet.readyCluster("cp-scope-own-host", "acme", "v1.31.0");
        fleet.readyCluster("cp-scope-acme", "acme", "v1.30.2");
        fleet.readyCluster("cp-scope-other", "globex", "v1.30.2");
        fleet.controlPlane("cp-scope-other", "cp-scope-host", "tcp-other", "1.30");
        String acmeAdmin = fleet.token("cp-scope-acme-admin", "admin", "acme");

        assertProblem(api.get(acmeAdmin, "/api/v1/clusters/cp-scope-other/control-plane"), 404, "cp-scope-other");
        assertProblem(api.delete(acmeAdmin, "/api/v1/clusters/cp-scope-other/control-plane"), 404, "cp-scope-other");
        assertProblem(api.put(acmeAdmin, "/api/v1/clusters/cp-scope-acme/control-plane",
                Map.of("hostCluster", "cp-scope-host", "namespace", "tcp", "version", "1.30")), 400, "hostCluster");
        Api.Reply own = api.put(acmeAdmin, "/api/v1/clusters/cp-scope-acme/control-plane",
                Map.of("hostCluster", "cp-scope-own-host", "namespace", "tcp", "version", "1.30"));
        assertThat(own.status()).as(own.raw()).isEqualTo(200);
    }

    @Test
    void deletingTheHostKeepsTheRecordButForgetsTheHost() {
        fleet.readyCluster("cp-gone-host", "platform", "v1.31.0");
        fleet.readyCluster("cp-gone-tenant", "acme", "v1.30.2");
        fleet.controlPlane("cp-gone-tenant", "cp-gone-host", "tcp", "1.30");

        jdbc.sql("DELETE FROM cluster WHERE name = 'cp-gone-host'").update();

        Api.Reply get = api.get(ADMIN, "/api/v1/clusters/cp-gone-tenant/control-plane");
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.body().path("hostCluster").isNull()).isTrue();
    }

    @Test
    void servesAControlPlanesManifestsAtAReleaseInSkewOrderAsTheUpgradeStepsGenerateThem() {
        fleet.readyCluster("cp-mf-host", "platform", "v1.31.0");
        fleet.readyCluster("cp-mf-tenant", "acme", "v1.30.2");
        fleet.controlPlane("cp-mf-tenant", "cp-mf-host", "tcp-mf", "1.30");
        String viewer = fleet.token("cp-mf-viewer", "viewer", null);

        Api.Reply reply = api.get(viewer, "/api/v1/clusters/cp-mf-tenant/control-plane/manifests?version=1.31");

        assertThat(reply.status()).as(reply.raw()).isEqualTo(200);
        JsonNode body = reply.body();
        assertThat(body.path("cluster").asString()).isEqualTo("cp-mf-tenant");
        assertThat(body.path("hostCluster").asString()).isEqualTo("cp-mf-host");
        assertThat(body.path("namespace").asString()).isEqualTo("tcp-mf");
        assertThat(body.path("version").asString()).isEqualTo("1.31");
        assertThat(body.path("kubernetes").asString()).isEqualTo("1.31.0");
        assertThat(field(body, "component"))
                .containsExactly("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler");
        assertThat(field(body, "kind")).containsExactly("StatefulSet", "CloneSet", "CloneSet", "CloneSet");
        assertThat(field(body, "apiVersion")).containsExactly("apps.kruise.io/v1beta1", "apps.kruise.io/v1alpha1",
                "apps.kruise.io/v1alpha1", "apps.kruise.io/v1alpha1");
        assertThat(field(body, "name")).isEqualTo(field(body, "component"));
        assertThat(body.path("items").get(0).path("manifest").toString())
                .contains("registry.k8s.io/etcd:3.5.15-0").doesNotContain("1.30");
        JsonNode rolling = body.path("items").get(0).path("manifest").path("spec").path("updateStrategy")
                .path("rollingUpdate");
        assertThat(rolling.path("maxUnavailable").asInt()).isEqualTo(1);
        assertThat(rolling.path("unorderedUpdate").path("priorityStrategy").path("weightPriority").toString())
                .contains("etcd.flotilla.dev/role", "follower");
        HostedControlPlane controlPlane = new HostedControlPlane("cp-mf-tenant", "cp-mf-host", "tcp-mf",
                MinorVersion.of("1.30"));
        KubernetesRelease release = catalog.release("1.31").orElseThrow();
        for (ControlPlaneComponent component : ControlPlaneComponent.values()) {
            JsonNode item = body.path("items").get(component.ordinal());
            assertThat(item.path("manifest").path("metadata").path("namespace").asString()).isEqualTo("tcp-mf");
            assertThat(item.path("manifest").toString()).contains(release.image(component));
            assertThat(item.path("manifest")).isEqualTo(Api.json(JsonMapper.builder().build()
                    .writeValueAsString(ControlPlaneManifests.manifest(controlPlane, component, release))));
        }
    }

    @Test
    void withoutAVersionTheManifestsAreTheControlPlanesRecordedOne() {
        fleet.readyCluster("cp-mfd-host", "platform", "v1.31.0");
        fleet.readyCluster("cp-mfd-tenant", "acme", "v1.30.2");
        fleet.controlPlane("cp-mfd-tenant", "cp-mfd-host", "tcp-mfd", "1.30");

        Api.Reply reply = api.get(ADMIN, "/api/v1/clusters/cp-mfd-tenant/control-plane/manifests");

        assertThat(reply.status()).as(reply.raw()).isEqualTo(200);
        assertThat(reply.body().path("version").asString()).isEqualTo("1.30");
        assertThat(reply.body().path("kubernetes").asString()).isEqualTo("1.30.0");
        assertThat(reply.body().path("items").get(1).path("manifest").toString())
                .contains("registry.k8s.io/kube-apiserver:v1.30.0");
    }

    @Test
    void manifestsOfAnUnknownClusterOneWithoutControlPlaneABadVersionOrOneOutsideTheCatalogAreProblems() {
        fleet.readyCluster("cp-mfe-host", "platform", "v1.31.0");
        fleet.readyCluster("cp-mfe-tenant", "acme", "v1.30.2");
        fleet.readyCluster("cp-mfe-bare", "acme", "v1.30.2");
        fleet.readyCluster("cp-mfe-other", "globex", "v1.30.2");
        fleet.controlPlane("cp-mfe-tenant", "cp-mfe-host", "tcp-mfe", "1.30");
        fleet.controlPlane("cp-mfe-other", "cp-mfe-host", "tcp-mfe-other", "1.30");
        String acmeViewer = fleet.token("cp-mfe-acme-viewer", "viewer", "acme");
        String path = "/api/v1/clusters/cp-mfe-tenant/control-plane/manifests";

        assertProblem(api.get(ADMIN, "/api/v1/clusters/cp-mfe-nowhere/control-plane/manifests"), 404,
                "cluster 'cp-mfe-nowhere' not found");
        assertProblem(api.get(ADMIN, "/api/v1/clusters/cp-mfe-bare/control-plane/manifests"), 404,
                "control plane 'cp-mfe-bare' not found");
        assertProblem(api.get(acmeViewer, "/api/v1/clusters/cp-mfe-other/control-plane/manifests?version=1.31"),
                404, "cp-mfe-other");
        assertThat(api.get(acmeViewer, path).status()).as("its own tenant's cluster").isEqualTo(200);
        for (String bad : new String[] {"1.31.0", "v1.31", "latest", "1."}) {
            assertProblem(api.get(ADMIN, path + "?version=" + bad), 400, "version", bad);
        }
        Api.Reply unknown = api.get(ADMIN, path + "?version=1.99");
        assertProblem(unknown, 409, "1.99", "not in the version catalog");
        assertThat(unknown.body().path("reasons").toString()).contains("target-unknown");
        assertProblem(api.get(null, path), 401, "token");
    }

    private static List<String> field(JsonNode body, String name) {
        List<String> values = new ArrayList<>();
        body.path("items").forEach(item -> values.add(item.path(name).asString()));
        return values;
    }
}
