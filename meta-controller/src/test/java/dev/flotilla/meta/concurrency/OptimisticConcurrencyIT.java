package dev.flotilla.meta.concurrency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.meta.support.Exchange;
import dev.flotilla.meta.support.Fleet;
import dev.flotilla.meta.support.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * ETag and If-Match (RFC 9110 sections 8.8.3 and 13.1.1) on each versioned kind of resource: clusters, maintenance
 * windows, control planes, applications (a new revision is the conditional write) and API tokens. A stale tag is a
 * 412 problem and changes nothing; the current tag goes through and answers the next one.
 */
@IntegrationTest
class OptimisticConcurrencyIT {

    private static final Map<String, Object> WINDOW = Map.of("days", List.of("SAT"), "start", "02:00",
            "duration", "PT4H", "timeZone", "UTC");
    private static final Map<String, Object> MANIFEST = Map.of("apiVersion", "apps.kruise.io/v1alpha1",
            "kind", "CloneSet", "metadata", Map.of("name", "occ-app"),
            "spec", Map.of("replicas", 1, "selector", Map.of("matchLabels", Map.of("app", "occ-app")),
                    "template", Map.of("metadata", Map.of("labels", Map.of("app", "occ-app")),
                            "spec", Map.of("containers", List.of(Map.of("name", "app", "image", "web:v1"))))));

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private Exchange http() {
        return new Exchange(port);
    }

    private void cluster(String name) {
        assertThat(http().send(Fleet.ADMIN, "POST", "/api/v1/clusters",
                Map.of("name", name, "tenant", "occ", "region", "eu", "zone", "eu-1a")).status()).isEqualTo(201);
    }

    private static void assertPreconditionFailed(Exchange.Answer answer, String current) {
        assertThat(answer.status()).as(answer.response().body()).isEqualTo(412);
        assertThat(answer.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
        assertThat(answer.body().path("type").asString()).endsWith("/precondition-failed");
        assertThat(answer.body().path("etag").asString()).isEqualTo(current);
    }

    @Test
    void aClusterPatchWithAStaleTagIs412AndChangesNothing() {
        cluster("occ-patch");
        String read = http().send(Fleet.ADMIN, "GET", "/api/v1/clusters/occ-patch", null).etag();
        assertThat(read).matches("\"[0-9]+\\.0\"");
        Exchange.Answer first = http().send(Fleet.ADMIN, "PATCH", "/api/v1/clusters/occ-patch",
                Map.of("region", "us"), "If-Match", read);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.etag()).isNotEqualTo(read).matches("\"[0-9]+\\.1\"");

        Exchange.Answer stale = http().send(Fleet.ADMIN, "PATCH", "/api/v1/clusters/occ-patch",
                Map.of("region", "ap"), "If-Match", read);

        assertPreconditionFailed(stale, first.etag());
        assertThat(jdbc.sql("SELECT region FROM cluster WHERE name = 'occ-patch'").query(String.class).single())
                .isEqualTo("us");
        assertThat(http().send(Fleet.ADMIN, "GET", "/api/v1/clusters/occ-patch", null).etag()).isEqualTo(first.etag());
    }

    @Test
    void weakTagsNeverMatchAndStarMatchesWhatExists() {
        cluster("occ-weak");
        String tag = http().send(Fleet.ADMIN, "GET", "/api/v1/clusters/occ-weak", null).etag();

        assertThat(http().send(Fleet.ADMIN, "PATCH", "/api/v1/clusters/occ-weak", Map.of("zone", "eu-1b"),
                "If-Match", "W/" + tag).status()).isEqualTo(412);
        assertThat(http().send(Fleet.ADMIN, "PATCH", "/api/v1/clusters/occ-weak", Map.of("zone", "eu-1b"),
                "If-Match", "\"nope\", " + tag).status()).isEqualTo(200);
        assertThat(http().send(Fleet.ADMIN, "PATCH", "/api/v1/clusters/occ-weak", Map.of("zone", "eu-1c"),
                "If-Match", "*").status()).isEqualTo(200);
        assertThat(http().send(Fleet.ADMIN, "PATCH", "/api/v1/clusters/occ-missing", Map.of("zone", "eu-1c"),
                "If-Match", "*").status()).isEqualTo(412);
        Exchange.Answer malformed = http().send(Fleet.ADMIN, "PATCH", "/api/v1/clusters/occ-weak",
                Map.of("zone", "eu-1c"), "If-Match", "12");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body().path("detail").asString()).contains("If-Match");
    }

    @Test
    void aClusterDeleteWithAStaleTagIs412() {
        cluster("occ-delete");
        String read = http().send(Fleet.ADMIN, "GET", "/api/v1/clusters/occ-delete", null).etag();
        String now = http().send(Fleet.ADMIN, "POST", "/api/v1/clusters/occ-delete/cordon", null).body() == null ? null
                : http().send(Fleet.ADMIN, "GET", "/api/v1/clusters/occ-delete", null).etag();

        assertPreconditionFailed(http().send(Fleet.ADMIN, "DELETE", "/api/v1/clusters/occ-delete", null,
                "If-Match", read), now);
        assertThat(http().send(Fleet.ADMIN, "DELETE", "/api/v1/clusters/occ-delete", null, "If-Match", now).status())
                .isEqualTo(204);
    }

    @Test
    void maintenanceWindowsAnswerTagsAndRefuseStaleOnes() {
        cluster("occ-window");
        String path = "/api/v1/clusters/occ-window/maintenance-window";
        Exchange.Answer created = http().send(Fleet.ADMIN, "PUT", path, WINDOW);
        assertThat(created.status()).isEqualTo(200);
        String first = created.etag();
        assertThat(http().send(Fleet.ADMIN, "GET", path, null).etag()).isEqualTo(first);
        Exchange.Answer changed = http().send(Fleet.ADMIN, "PUT", path,
                Map.of("days", List.of("SUN"), "start", "03:00", "duration", "PT2H", "timeZone", "UTC"),
                "If-Match", first);
        assertThat(changed.status()).isEqualTo(200);

        assertPreconditionFailed(http().send(Fleet.ADMIN, "PUT", path, WINDOW, "If-Match", first), changed.etag());
        assertPreconditionFailed(http().send(Fleet.ADMIN, "DELETE", path, null, "If-Match", first), changed.etag());
        assertThat(http().send(Fleet.ADMIN, "GET", path, null).body().path("days").toString()).contains("SUN");
        assertThat(http().send(Fleet.ADMIN, "DELETE", path, null, "If-Match", changed.etag()).status())
                .isEqualTo(204);
    }

    @Test
    void controlPlanesAnswerTagsAndRefuseStaleOnes() {
        cluster("occ-tenant");
        cluster("occ-host");
        String path = "/api/v1/clusters/occ-tenant/control-plane";
        Exchange.Answer created = http().send(Fleet.ADMIN, "PUT", path,
                Map.of("hostCluster", "occ-host", "namespace", "cp-occ", "version", "1.30"));
        assertThat(created.status()).as(created.response().body()).isEqualTo(200);
        Exchange.Answer moved = http().send(Fleet.ADMIN, "PUT", path,
                Map.of("hostCluster", "occ-host", "namespace", "cp-occ-2", "version", "1.30"),
                "If-Match", created.etag());
        assertThat(moved.status()).isEqualTo(200);
        assertThat(http().send(Fleet.ADMIN, "GET", path, null).etag()).isEqualTo(moved.etag());

        assertPreconditionFailed(http().send(Fleet.ADMIN, "PUT", path,
                Map.of("hostCluster", "occ-host", "namespace", "cp-occ-3", "version", "1.30"),
                "If-Match", created.etag()), moved.etag());
        assertPreconditionFailed(http().send(Fleet.ADMIN, "DELETE", path, null, "If-Match", created.etag()),
                moved.etag());
        assertThat(http().send(Fleet.ADMIN, "GET", path, null).body().path("namespace").asString())
                .isEqualTo("cp-occ-2");
    }

    @Test
    void anApplicationsRevisionIsConditionalOnTheApplicationsTag() {
        Exchange.Answer app = http().send(Fleet.ADMIN, "POST", "/api/v1/applications",
                Map.of("name", "occ-app", "tenant", "occ", "namespace", "occ-ns", "kind", "CloneSet"));
        assertThat(app.status()).isEqualTo(201);
        String read = http().send(Fleet.ADMIN, "GET", "/api/v1/applications/occ-app", null).etag();
        assertThat(read).isEqualTo(app.etag()).isNotNull();
        assertThat(http().send(Fleet.ADMIN, "POST", "/api/v1/applications/occ-app/revisions",
                Map.of("manifest", MANIFEST), "If-Match", read).status()).isEqualTo(201);
        String now = http().send(Fleet.ADMIN, "GET", "/api/v1/applications/occ-app", null).etag();

        assertPreconditionFailed(http().send(Fleet.ADMIN, "POST", "/api/v1/applications/occ-app/revisions",
                Map.of("manifest", MANIFEST), "If-Match", read), now);
        assertThat(jdbc.sql("SELECT latest_revision FROM application WHERE name = 'occ-app'").query(Integer.class)
                .single()).isEqualTo(1);
    }

    @Test
    void aTokenOfTheSameNameIsAnotherTokenToIfMatch() {
        Exchange.Answer first = http().send(Fleet.ADMIN, "POST", "/api/v1/tokens",
                Map.of("name", "occ-token", "role", "viewer"));
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.etag()).isNotNull();
        assertThat(http().send(Fleet.ADMIN, "DELETE", "/api/v1/tokens/occ-token", null, "If-Match", first.etag())
                .status()).isEqualTo(204);
        Exchange.Answer second = http().send(Fleet.ADMIN, "POST", "/api/v1/tokens",
                Map.of("name", "occ-token", "role", "viewer"));

        assertPreconditionFailed(http().send(Fleet.ADMIN, "DELETE", "/api/v1/tokens/occ-token", null,
                "If-Match", first.etag()), second.etag());
        assertThat(jdbc.sql("SELECT count(*) FROM api_token WHERE name = 'occ-token'").query(Integer.class).single())
                .isEqualTo(1);
    }

    @Test
    void anotherTenantsResourceLooksMissingNotStale() {
        cluster("occ-hidden");
        String scoped = new Fleet(new dev.flotilla.meta.support.Api(port)).token("occ-other-admin", "admin", "other");

        Exchange.Answer answer = http().send(scoped, "PATCH", "/api/v1/clusters/occ-hidden", Map.of("zone", "x-1"),
                "If-Match", "\"1.0\"");

        assertThat(answer.status()).isEqualTo(412);
        assertThat(answer.body().has("etag")).isFalse();
        assertThat(http().send(scoped, "GET", "/api/v1/clusters/occ-hidden", null).etag()).isNull();
    }
}
