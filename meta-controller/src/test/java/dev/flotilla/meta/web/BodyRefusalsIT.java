package dev.flotilla.meta.web;

import static dev.flotilla.meta.support.Fleet.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.meta.support.Api;
import dev.flotilla.meta.support.Fleet;
import dev.flotilla.meta.support.IntegrationTest;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Request bodies the service refuses, each a defect the {@link BadInputFuzzIT} found: a 413 for a body over the
 * limit (announced or chunked), a 415 for a form, a 400 naming the field for a JSON type Jackson used to coerce, a NUL
 * or a null list element; nothing is written.
 */
@IntegrationTest
class BodyRefusalsIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    Api api;

    @BeforeEach
    void connect() {
        api = new Api(port);
    }

    @Test
    void refusesABodyOverTheLimitWith413WhetherItsLengthIsAnnouncedOrNot() throws Exception {
        byte[] body = ("{\"name\":\"big\",\"pad\":\"" + "z".repeat((int) RequestLimitFilter.MAX_BODY_BYTES) + "\"}")
                .getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> announced = send(HttpRequest.BodyPublishers.ofByteArray(body), "application/json");
        HttpResponse<String> chunked = send(HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(body)), "application/json");

        for (HttpResponse<String> answer : List.of(announced, chunked)) {
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(413);
            assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(Api.json(answer.body()).path("detail").asString()).contains("larger than 4194304 bytes");
        }
        assertThat(applications("big")).isZero();
    }

    @Test
    void refusesAFormBodyWith415InsteadOfFailingToDecodeIt() throws Exception {
        HttpResponse<String> answer = send(HttpRequest.BodyPublishers.ofString("{\"waves\":[\"50%\"]}"),
                "application/x-www-form-urlencoded");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(415);
        assertThat(Api.json(answer.body()).path("type").asString()).endsWith("/unsupported-media-type");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a number for a string       | {"name":12345,"tenant":"t","namespace":"ns","kind":"CloneSet"}      | name
            a boolean for a string      | {"name":"coerced","tenant":true,"namespace":"ns","kind":"CloneSet"} | tenant
            a NUL inside a string       | {"name":"nul","tenant":"t","namespace":"a\\u0000b","kind":"CloneSet"} | namespace
            NaN for a string            | {"name":"nan","tenant":NaN,"namespace":"ns","kind":"CloneSet"}       | tenant
            """)
    void namesTheFieldOfAValueOfTheWrongJsonType(String what, String body, String field) {
        Api.Reply reply = api.sendRaw(Fleet.ADMIN, "POST", "/api/v1/applications", body);

        assertProblem(reply, 400, field);
        assertThat(applications("12345") + applications("coerced") + applications("nul")).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a string for a whole number   | {"nodes":"12"}             | nodes
            a fraction for a whole number | {"nodes":1.5}              | nodes
            a number for a string         | {"kruiseVersion":12345}    | kruiseVersion
            a null in a list              | {"kubeletVersions":[null]} | kubeletVersions
            a number out of range         | {"nodes":99999999999}      | nodes
            """)
    void namesTheFieldOfBadClusterFacts(String what, String body, String field) {
        String cluster = "facts-" + Integer.toHexString(body.hashCode());
        String bootstrap = new Fleet(api).create(cluster, "facts", "eu", "eu-1a", Map.of())
                .path("bootstrapToken").asString();

        Api.Reply reply = api.sendRaw(bootstrap, "POST", "/agent/v1/register", body);

        assertProblem(reply, 400, field);
        assertThat(jdbc.sql("SELECT state FROM cluster WHERE name = ?").param(cluster).query(String.class).single())
                .isEqualTo("REGISTERING");
    }

    @Test
    void refusesANulDeepInsideAManifestNamingWhereItIs() {
        api.post(Fleet.ADMIN, "/api/v1/applications", Map.of("name", "stored", "tenant", "t",
                "namespace", "ns", "kind", "CloneSet"));

        Api.Reply reply = api.sendRaw(Fleet.ADMIN, "POST", "/api/v1/applications/stored/revisions",
                "{\"manifest\":{\"kind\":\"CloneSet\",\"metadata\":{\"name\":\"a\\u0000b\"}}}");

        assertProblem(reply, 400, "manifest.metadata", "NUL");
        assertThat(jdbc.sql("SELECT latest_revision FROM application WHERE name = 'stored'").query(Integer.class)
                .single()).isZero();
    }

    private HttpResponse<String> send(HttpRequest.BodyPublisher body, String type) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/applications"))
                .header("Authorization", "Bearer " + Fleet.ADMIN).header("Content-Type", type)
                .POST(body).build();
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());
    }

    private long applications(String name) {
        return jdbc.sql("SELECT count(*) FROM application WHERE name = ?").param(name).query(Long.class).single();
    }
}
