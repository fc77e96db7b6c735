package dev.flotilla.meta.window;

import static dev.flotilla.meta.support.Fleet.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.meta.support.Api;
import dev.flotilla.meta.support.Fleet;
import dev.flotilla.meta.support.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@IntegrationTest
class MaintenanceWindowApiIT {

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
    void anOperatorSetsAWindowAViewerReadsItAndTheOperatorRemovesIt() {
        fleet.readyCluster("mw-crud", "acme", "v1.30.2");
        String operator = fleet.token("mw-crud-operator", "operator", null);
        String viewer = fleet.token("mw-crud-viewer", "viewer", null);
        String path = "/api/v1/clusters/mw-crud/maintenance-window";

        Api.Reply put = api.put(operator, path,
                Map.of("days", List.of("TUE", "mon"), "start", "22:00", "duration", "PT4H", "timeZone", "Europe/Berlin"));
        assertThat(put.status()).as(put.raw()).isEqualTo(200);

        Api.Reply get = api.get(viewer, path);
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.body().path("days").toString()).isEqualTo("[\"MON\",\"TUE\"]");
        assertThat(get.body().path("start").asString()).isEqualTo("22:00");
        assertThat(get.body().path("duration").asString()).isEqualTo("PT4H");
        assertThat(get.body().path("durationMinutes").asLong()).isEqualTo(240);
        assertThat(get.body().path("timeZone").asString()).isEqualTo("Europe/Berlin");
        assertThat(get.body().path("nextStart").asString()).isNotBlank();

        assertProblem(api.put(viewer, path, Map.of("days", List.of("MON"), "start", "22:00", "duration", "PT4H",
                "timeZone", "UTC")), 403, "role");
        assertThat(api.delete(operator, path).status()).isEqualTo(204);
        assertProblem(api.get(viewer, path), 404, "maintenance window");
    }

    @Test
    void takesTheDurationAsWholeMinutesToo() {
        fleet.readyCluster("mw-minutes", "acme", "v1.30.2");

        Api.Reply put = api.sendRaw(dev.flotilla.testsupport.SharedPostgres.ADMIN_TOKEN, "PUT",
                "/api/v1/clusters/mw-minutes/maintenance-window",
                "{\"days\":[\"SAT\"],\"start\":\"01:30\",\"duration\":90,\"timeZone\":\"Asia/Tokyo\"}");

        assertThat(put.status()).as(put.raw()).isEqualTo(200);
        assertThat(put.body().path("duration").asString()).isEqualTo("PT1H30M");
    }

    @Test
    void rejectsEachBadFieldByName() {
        fleet.readyCluster("mw-bad", "acme", "v1.30.2");
        String operator = fleet.token("mw-bad-operator", "operator", null);
        String path = "/api/v1/clusters/mw-bad/maintenance-window";

        assertProblem(api.put(operator, path, window(List.of("MON"), "22:00", "PT4H", "Mars/Olympus")), 400,
                "timeZone", "Mars/Olympus");
        assertProblem(api.put(operator, path, window(List.of("MON"), "24:30", "PT4H", "UTC")), 400, "start");
        assertProblem(api.put(operator, path, window(List.of("MON"), "22:00", "PT0S", "UTC")), 400, "duration");
        assertProblem(api.put(operator, path, window(List.of("MON"), "22:00", "P8D", "UTC")), 400, "duration");
        assertProblem(api.put(operator, path, window(List.of("NOPE"), "22:00", "PT4H", "UTC")), 400, "days", "NOPE");
        assertProblem(api.put(operator, path, window(List.of(), "22:00", "PT4H", "UTC")), 400, "days");
        assertProblem(api.sendRaw(operator, "PUT", path, "{\"days\":[\"MON\"],\"start\":\"22:00\"}"), 400, "duration");
        assertThat(jdbc.sql("SELECT count(*) FROM maintenance_window w JOIN cluster c ON c.id = w.cluster_id "
                + "WHERE c.name = 'mw-bad'").query(Long.class).single()).isZero();
    }

    @Test
    void aTenantScopedOperatorCannotSeeAnotherTenantsWindow() {
        fleet.readyCluster("mw-other", "globex", "v1.30.2");
        String acme = fleet.token("mw-scope-acme", "operator", "acme");

        assertProblem(api.put(acme, "/api/v1/clusters/mw-other/maintenance-window",
                window(List.of("MON"), "22:00", "PT4H", "UTC")), 404, "mw-other");
        assertProblem(api.get(acme, "/api/v1/clusters/mw-other/maintenance-window"), 404, "mw-other");
    }

    private static Map<String, Object> window(List<String> days, String start, String duration, String zone) {
        return Map.of("days", days, "start", start, "duration", duration, "timeZone", zone);
    }
}
