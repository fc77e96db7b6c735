package dev.flotilla.meta.cluster;

import static dev.flotilla.meta.support.Fleet.ADMIN;
import static dev.flotilla.meta.support.Fleet.assertBadInput;
import static dev.flotilla.meta.support.Fleet.assertProblem;
import static dev.flotilla.meta.support.Fleet.cluster;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.meta.support.Api;
import dev.flotilla.meta.support.Fleet;
import dev.flotilla.meta.support.IntegrationTest;
import dev.flotilla.meta.token.Secrets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class ClusterApiIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    Api api;
    Fleet fleet;

    @BeforeEach
    void connect() {
        api = new Api(port);
        fleet = new Fleet(api);
    }

    @Test
    void createsAClusterWithAOneTimeBootstrapTokenOfWhichOnlyTheHashIsStored() {
        Instant before = Instant.now();
        JsonNode created = fleet.create("api-alpha", "acme", "eu-west-1", "eu-west-1a",
                Map.of("env", "prod", "example.com/team", "payments"));

        JsonNode cluster = created.path("cluster");
        assertThat(cluster.path("name").asString()).isEqualTo("api-alpha");
        assertThat(cluster.path("tenant").asString()).isEqualTo("acme");
        assertThat(cluster.path("state").asString()).isEqualTo("REGISTERING");
        assertThat(cluster.path("labels").path("example.com/team").asString()).isEqualTo("payments");
        assertThat(cluster.path("kubernetesVersion").isNull()).isTrue();
        String token = created.path("bootstrapToken").asString();
        assertThat(token).startsWith(Secrets.BOOTSTRAP_PREFIX);
        Instant expires = Instant.parse(created.path("bootstrapExpiresAt").asString());
        assertThat(expires).isBetween(before.plus(Duration.ofHours(24)).minusSeconds(5),
                Instant.now().plus(Duration.ofHours(24)).plusSeconds(5));
        String stored = jdbc.sql("SELECT bootstrap_token_hash FROM cluster WHERE name = 'api-alpha'")
                .query(String.class).single();
        assertThat(stored).isEqualTo(Secrets.hash(token)).doesNotContain(token);
        assertThat(api.get(ADMIN, "/api/v1/clusters/api-alpha").raw()).doesNotContain(token).doesNotContain(stored);
    }

    @Test
    void getsPatchesAndDeletesACluster() {
        fleet.create("api-beta", "acme", "eu-west-1", "eu-west-1a", Map.of("env", "dev", "tier", "gold"));
        long version = rowVersion("api-beta");

        Map<String, Object> labels = new HashMap<>();
        labels.put("env", "prod");
        labels.put("tier", null);
        labels.put("team", "core");
        Api.Reply patched = api.patch(ADMIN, "/api/v1/clusters/api-beta",
                Map.of("region", "us-east-1", "zone", "us-east-1b", "labels", labels));

        assertThat(patched.status()).as(patched.raw()).isEqualTo(200);
        assertThat(patched.body().path("region").asString()).isEqualTo("us-east-1");
        assertThat(patched.body().path("zone").asString()).isEqualTo("us-east-1b");
        assertThat(patched.body().path("labels").propertyNames()).containsExactlyInAnyOrder("env", "team");
        assertThat(patched.body().path("labels").path("env").asString()).isEqualTo("prod");
        assertThat(rowVersion("api-beta")).isEqualTo(version + 1);
        assertThat(Instant.parse(patched.body().path("updatedAt").asString()))
                .isAfterOrEqualTo(Instant.parse(patched.body().path("createdAt").asString()));
        assertThat(api.get(ADMIN, "/api/v1/clusters/api-beta").body().path("region").asString())
                .isEqualTo("us-east-1");

        assertThat(api.delete(ADMIN, "/api/v1/clusters/api-beta").status()).isEqualTo(204);
        assertProblem(api.get(ADMIN, "/api/v1/clusters/api-beta"), 404);
        assertProblem(api.delete(ADMIN, "/api/v1/clusters/api-beta"), 404);
    }

    @Test
    void aMergePatchWithNullLabelsRemovesEveryLabel() {
        fleet.create("api-gamma", "acme", "eu-west-1", "eu-west-1a", Map.of("env", "dev"));
        Api.Reply patched = api.sendRaw(ADMIN, "PATCH", "/api/v1/clusters/api-gamma", "{\"labels\":null}");
        assertThat(patched.status()).as(patched.raw()).isEqualTo(200);
        assertThat(patched.body().path("labels").isEmpty()).isTrue();
    }

    @Test
    void refusesADuplicateNameWithAConflict() {
        fleet.create("api-twin", "acme", "eu-west-1", "eu-west-1a", Map.of());
        Api.Reply again = api.post(ADMIN, "/api/v1/clusters", cluster("api-twin", "other", "r1", "z1", Map.of()));
        assertProblem(again, 409);
        assertThat(again.detail()).contains("api-twin");
        assertThat(count("api-twin")).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            upper-case name       | {"name":"Bad","tenant":"t","region":"r","zone":"z"}                   | name
            name with dot         | {"name":"a.b","tenant":"t","region":"r","zone":"z"}                   | name
            missing name          | {"tenant":"t","region":"r","zone":"z"}                                 | name
            name too long         | {"name":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","tenant":"t","region":"r","zone":"z"} | name
            missing tenant        | {"name":"bad-1","region":"r","zone":"z"}                               | tenant
            bad region            | {"name":"bad-1","tenant":"t","region":"eu west","zone":"z"}            | region
            bad zone              | {"name":"bad-1","tenant":"t","region":"r","zone":"-z"}                 | zone
            bad label key         | {"name":"bad-1","tenant":"t","region":"r","zone":"z","labels":{"-env":"x"}}     | -env
            bad key prefix        | {"name":"bad-1","tenant":"t","region":"r","zone":"z","labels":{"Ex_/env":"x"}}  | Ex_/env
            bad label value       | {"name":"bad-1","tenant":"t","region":"r","zone":"z","labels":{"env":"a b"}}    | a b
            null label value      | {"name":"bad-1","tenant":"t","region":"r","zone":"z","labels":{"env":null}}     | env
            unknown field         | {"name":"bad-1","tenant":"t","region":"r","zone":"z","colour":"red"}            | colour
            not json              | {"name":                                                               | malformed
            """)
    void refusesBadClustersNamingTheProblemAndWritesNothing(String why, String body, String mentioned) {
        assertBadInput(api.sendRaw(ADMIN, "POST", "/api/v1/clusters", body), mentioned);
        assertThat(jdbc.sql("SELECT count(*) FROM cluster WHERE name IN ('bad-1', 'Bad', 'a.b')")
                .query(Long.class).single()).isZero();
    }

    @Test
    void refusesMoreThanSixtyFourLabels() {
        Map<String, String> labels = new HashMap<>();
        IntStream.range(0, 65).forEach(i -> labels.put("k" + i, "v"));
        assertBadInput(api.post(ADMIN, "/api/v1/clusters", cluster("api-many", "t", "r", "z", labels)), "labels");
        assertThat(count("api-many")).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            rename                   | {"name":"other"}                       | name
            unknown field            | {"colour":"red"}                       | colour
            null region              | {"region":null}                        | region
            bad zone                 | {"zone":"Zone A"}                      | zone
            bad label value          | {"region":"r2","labels":{"env":"a b"}} | a b
            bad label key            | {"labels":{"bad key":"x"}}             | bad key
            label not a string       | {"labels":{"env":1}}                   | labels.env
            labels not an object     | {"labels":[1]}                         | labels
            not an object            | [1]                                    | merge patch
            """)
    void refusesBadPatchesNamingTheProblemAndChangesNothing(String why, String body, String mentioned) {
        String name = "api-patch-" + Integer.toHexString(why.hashCode());
        fleet.create(name, "acme", "r1", "z1", Map.of("env", "dev"));
        long version = rowVersion(name);

        assertBadInput(api.sendRaw(ADMIN, "PATCH", "/api/v1/clusters/" + name, body), mentioned);

        JsonNode after = api.get(ADMIN, "/api/v1/clusters/" + name).body();
        assertThat(after.path("region").asString()).isEqualTo("r1");
        assertThat(after.path("labels").path("env").asString()).isEqualTo("dev");
        assertThat(rowVersion(name)).isEqualTo(version);
    }

    @Test
    void aPatchThatWouldExceedTheLabelLimitChangesNothing() {
        Map<String, String> many = new HashMap<>();
        IntStream.range(0, 64).forEach(i -> many.put("k" + i, "v"));
        fleet.create("api-full", "acme", "r1", "z1", many);
        assertBadInput(api.patch(ADMIN, "/api/v1/clusters/api-full", Map.of("labels", Map.of("one-more", "x"))),
                "at most 64");
        assertThat(api.get(ADMIN, "/api/v1/clusters/api-full").body().path("labels").size()).isEqualTo(64);
    }

    private long rowVersion(String name) {
        return jdbc.sql("SELECT row_version FROM cluster WHERE name = ?").param(name).query(Long.class).single();
    }

    private long count(String name) {
        return jdbc.sql("SELECT count(*) FROM cluster WHERE name = ?").param(name).query(Long.class).single();
    }
}
