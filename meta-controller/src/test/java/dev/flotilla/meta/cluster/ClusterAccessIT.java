package dev.flotilla.meta.cluster;

import static dev.flotilla.meta.support.Fleet.ADMIN;
import static dev.flotilla.meta.support.Fleet.assertProblem;
import static dev.flotilla.meta.support.Fleet.cluster;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.meta.support.Api;
import dev.flotilla.meta.support.Fleet;
import dev.flotilla.meta.support.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Who may call what on the inventory, and how a tenant-scoped token sees only its tenant. */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterAccessIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    Api api;
    String viewer;
    String operator;
    String tenantAdmin;
    String tenantViewer;

    @BeforeAll
    void fleet() {
        api = new Api(port);
        Fleet fleet = new Fleet(api);
        viewer = fleet.token("access-viewer", "viewer", null);
        operator = fleet.token("access-operator", "operator", null);
        tenantAdmin = fleet.token("access-blue-admin", "admin", "access-blue");
        tenantViewer = fleet.token("access-blue-viewer", "viewer", "access-blue");
        fleet.create("access-blue-1", "access-blue", "r1", "z1", Map.of());
        fleet.create("access-blue-2", "access-blue", "r1", "z2", Map.of());
        fleet.create("access-red-1", "access-red", "r2", "z3", Map.of());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            GET    | /api/v1/clusters
            GET    | /api/v1/clusters/access-red-1
            GET    | /api/v1/fleet/summary
            POST   | /api/v1/clusters
            PATCH  | /api/v1/clusters/access-red-1
            DELETE | /api/v1/clusters/access-red-1
            POST   | /api/v1/clusters/access-red-1/cordon
            POST   | /api/v1/clusters/access-red-1/uncordon
            POST   | /api/v1/clusters/access-red-1/bootstrap-token
            """)
    void answersUnauthorizedWithoutAValidToken(String method, String path) {
        assertProblem(api.sendRaw(null, method, path, "{}"), 401);
        assertProblem(api.sendRaw("flt_not-a-token", method, path, "{}"), 401);
    }

    @Test
    void aViewerReadsButChangesNothing() {
        assertThat(api.get(viewer, "/api/v1/clusters").status()).isEqualTo(200);
        assertThat(api.get(viewer, "/api/v1/clusters/access-red-1").status()).isEqualTo(200);
        assertThat(api.get(viewer, "/api/v1/fleet/summary").status()).isEqualTo(200);
        assertProblem(api.post(viewer, "/api/v1/clusters", cluster("access-v", "t", "r", "z", Map.of())), 403);
        assertProblem(api.patch(viewer, "/api/v1/clusters/access-red-1", Map.of("region", "r9")), 403);
        assertProblem(api.delete(viewer, "/api/v1/clusters/access-red-1"), 403);
        assertProblem(api.post(viewer, "/api/v1/clusters/access-red-1/cordon", null), 403);
        assertProblem(api.post(viewer, "/api/v1/clusters/access-red-1/uncordon", null), 403);
        assertProblem(api.post(viewer, "/api/v1/clusters/access-red-1/bootstrap-token", null), 403);
        assertThat(state("access-red-1")).isEqualTo("REGISTERING");
        assertThat(api.get(viewer, "/api/v1/clusters/access-red-1").body().path("region").asString()).isEqualTo("r2");
    }

    @Test
    void anOperatorCordonsButDoesNotCreateChangeOrDelete() {
        Api.Reply cordoned = api.post(operator, "/api/v1/clusters/access-blue-2/cordon", null);
        assertThat(cordoned.status()).as(cordoned.raw()).isEqualTo(200);
        assertThat(cordoned.body().path("state").asString()).isEqualTo("CORDONED");
        Api.Reply uncordoned = api.post(operator, "/api/v1/clusters/access-blue-2/uncordon", null);
        assertThat(uncordoned.body().path("state").asString()).isEqualTo("REGISTERING");

        assertProblem(api.post(operator, "/api/v1/clusters", cluster("access-o", "t", "r", "z", Map.of())), 403);
        assertProblem(api.patch(operator, "/api/v1/clusters/access-blue-2", Map.of("region", "r9")), 403);
        assertProblem(api.delete(operator, "/api/v1/clusters/access-blue-2"), 403);
        assertProblem(api.post(operator, "/api/v1/clusters/access-blue-2/bootstrap-token", null), 403);
        assertThat(jdbc.sql("SELECT count(*) FROM cluster WHERE name = 'access-o'").query(Long.class).single()).isZero();
    }

    @Test
    void aTenantTokenListsOnlyItsTenant() {
        List<String> names = api.get(tenantViewer, "/api/v1/clusters").body().path("items").valueStream()
                .map(c -> c.path("name").asString()).toList();
        assertThat(names).containsExactly("access-blue-1", "access-blue-2");
        assertThat(api.get(tenantViewer, "/api/v1/clusters?tenant=access-red").body().path("items").isEmpty()).isTrue();
        assertThat(api.get(tenantViewer, "/api/v1/fleet/summary").body().path("clusters").asLong()).isEqualTo(2);
    }

    @Test
    void anotherTenantsClusterIsNotFoundForEveryOperation() {
        assertProblem(api.get(tenantViewer, "/api/v1/clusters/access-red-1"), 404);
        assertProblem(api.get(tenantAdmin, "/api/v1/clusters/access-red-1"), 404);
        assertProblem(api.patch(tenantAdmin, "/api/v1/clusters/access-red-1", Map.of("region", "r9")), 404);
        assertProblem(api.post(tenantAdmin, "/api/v1/clusters/access-red-1/cordon", null), 404);
        assertProblem(api.post(tenantAdmin, "/api/v1/clusters/access-red-1/uncordon", null), 404);
        assertProblem(api.post(tenantAdmin, "/api/v1/clusters/access-red-1/bootstrap-token", null), 404);
        assertProblem(api.delete(tenantAdmin, "/api/v1/clusters/access-red-1"), 404);
        assertThat(api.get(ADMIN, "/api/v1/clusters/access-red-1").body().path("region").asString()).isEqualTo("r2");
        assertThat(state("access-red-1")).isEqualTo("REGISTERING");
    }

    @Test
    void aTenantAdminCreatesOnlyInItsOwnTenant() {
        assertProblem(api.post(tenantAdmin, "/api/v1/clusters",
                cluster("access-blue-x", "access-red", "r1", "z1", Map.of())), 403);
        assertProblem(api.patch(tenantAdmin, "/api/v1/clusters/access-blue-1", Map.of("tenant", "access-red")), 403);
        assertThat(api.get(ADMIN, "/api/v1/clusters/access-blue-1").body().path("tenant").asString())
                .isEqualTo("access-blue");

        Api.Reply own = api.post(tenantAdmin, "/api/v1/clusters",
                cluster("access-blue-3", "access-blue", "r1", "z1", Map.of()));
        assertThat(own.status()).as(own.raw()).isEqualTo(201);
        assertThat(jdbc.sql("SELECT count(*) FROM cluster WHERE name = 'access-blue-x'").query(Long.class).single())
                .isZero();
        assertThat(api.delete(tenantAdmin, "/api/v1/clusters/access-blue-3").status()).isEqualTo(204);
    }

    private String state(String name) {
        return jdbc.sql("SELECT state FROM cluster WHERE name = ?").param(name).query(String.class).single();
    }
}
