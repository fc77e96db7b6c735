package dev.flotilla.meta.upgrade;

import static dev.flotilla.meta.upgrade.Fleet.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.meta.support.Api;
import dev.flotilla.meta.support.IntegrationTest;
import dev.flotilla.meta.support.SharedPostgres;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@IntegrationTest
class ControlPlaneApiIT {

    private static final String ADMIN = SharedPostgres.ADMIN_TOKEN;

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

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
}
