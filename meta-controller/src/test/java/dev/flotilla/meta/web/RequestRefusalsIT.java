package dev.flotilla.meta.web;

import static dev.flotilla.meta.support.Fleet.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.meta.support.Api;
import dev.flotilla.meta.support.Fleet;
import dev.flotilla.meta.support.IntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * URLs and parameters the service refuses, each a defect the {@link BadInputFuzzIT} found: whoever refuses them
 * (Tomcat, the security firewall, Spring MVC, the limit filter, a cursor check, security's entry points) answers a
 * problem with a Flotilla type and a detail naming what is wrong.
 */
@IntegrationTest
class RequestRefusalsIT {

    @LocalServerPort
    int port;

    Api api;

    @BeforeEach
    void connect() {
        api = new Api(port);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a NUL in a filter (PostgreSQL cannot take it)  | /api/v1/clusters?region=a%00b                   | region
            a control character in an enum parameter      | /api/v1/campaigns?state=%00                    | state
            a filter longer than any value                 | /api/v1/clusters?zone=LONG                     | zone
            a cursor of control characters                 | /api/v1/applications?cursor=AAE                | cursor
            a cursor that is not UTF-8                     | /api/v1/applications?cursor=_-_-_-_-           | cursor
            a cursor longer than any key                   | /api/v1/applications?cursor=LONG               | cursor
            """)
    void namesTheParameterOfABadQuery(String what, String path, String parameter) {
        Api.Reply reply = api.get(Fleet.ADMIN, path.replace("LONG", "x".repeat(5000)));

        assertProblem(reply, 400, parameter);
        assertThat(reply.body().path("type").asString()).endsWith("/bad-input");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a ; the firewall rejects           | /api/v1/clusters/a;b       | 400 | ;
            a .. the firewall rejects          | /api/v1/applications/..    | 400 | normalized
            an encoded NUL Tomcat rejects      | /api/v1/clusters/a%00b     | 400 | /api/v1/clusters/
            an encoded slash Tomcat rejects    | /api/v1/clusters/a%2Fb     | 400 | /api/v1/clusters/
            an action with no route            | /api/v1/campaigns/1/explode | 404 | api/v1/campaigns/1/explode
            """)
    void answersAUrlRefusedBeforeAnyControllerWithAProblem(String what, String path, int status, String named) {
        Api.Reply reply = api.post(Fleet.ADMIN, path, null);

        assertProblem(reply, status, named);
        assertThat(reply.body().path("type").asString()).startsWith(ProblemDetails.TYPE_BASE);
        assertThat(reply.body().path("title").asString()).isNotBlank();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a text body for JSON    | PUT    | /api/v1/clusters/x/maintenance-window | text/plain       | 415 | unsupported-media-type
            no content type at all  | POST   | /api/v1/tokens                        |                  | 415 | unsupported-media-type
            a method with no route  | DELETE | /api/v1/fleet/summary                 | application/json | 405 | method-not-allowed
            """)
    void typesTheAnswersSpringMvcMakesByItself(String what, String method, String path, String type, int status,
            String problem) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + Fleet.ADMIN)
                .method(method, HttpRequest.BodyPublishers.ofString("{}"));
        if (type != null) {
            request.header("Content-Type", type);
        }
        var answer = HttpClient.newHttpClient().send(request.build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(Api.json(answer.body()).path("type").asString()).isEqualTo(ProblemDetails.TYPE_BASE + problem);
        assertThat(Api.json(answer.body()).path("detail").asString()).isNotBlank();
    }

    @Test
    void answersAMissingOrForbiddenTokenWithAProblem() {
        String viewer = new Fleet(api).token("refusals-viewer", "viewer", null);

        Api.Reply none = api.post(null, "/api/v1/clusters/x/cordon", null);
        Api.Reply forbidden = api.post(viewer, "/api/v1/clusters/x/cordon", null);

        assertProblem(none, 401, "bearer token");
        assertThat(none.body().path("type").asString()).endsWith("/unauthorized");
        assertProblem(forbidden, 403, "role");
        assertThat(forbidden.body().path("type").asString()).endsWith("/forbidden");
    }
}
