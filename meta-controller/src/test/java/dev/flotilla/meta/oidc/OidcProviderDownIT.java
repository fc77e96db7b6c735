package dev.flotilla.meta.oidc;

import static dev.flotilla.meta.support.Fleet.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.meta.support.Api;
import dev.flotilla.meta.support.Fleet;
import dev.flotilla.meta.support.IntegrationTest;
import dev.flotilla.testsupport.RefusedPort;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An identity provider that cannot be reached: the service starts all the same (the provider is read at the first
 * token), its tokens are answered 503 with Retry-After (not the caller's fault, not a 401), and API tokens go on.
 */
@IntegrationTest
class OidcProviderDownIT {

    /** A JWS in compact form, as a provider would issue it; never checked, since the keys cannot be read. */
    static final String JWT = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJhZGEiLCJhdWQiOiJmbG90aWxsYSJ9.c2lnbmF0dXJl";

    /** The provider's port, refusing connections; no server started meanwhile, the service's own included, gets it. */
    private static RefusedPort provider;

    @DynamicPropertySource
    static void oidc(DynamicPropertyRegistry properties) throws IOException {
        provider = RefusedPort.open();
        String issuer = "http://127.0.0.1:" + provider.port();
        properties.add("flotilla.auth.oidc.issuer-uri", () -> issuer);
        properties.add("flotilla.auth.oidc.audience", () -> "flotilla");
        properties.add("flotilla.auth.oidc.roles.sre", () -> "operator");
    }

    @AfterAll
    static void releaseProviderPort() throws IOException {
        provider.close();
    }

    @LocalServerPort
    int port;

    @Test
    void aProviderThatCannotBeReachedAnswers503WithRetryAfterAndApiTokensGoOn() throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/me"))
                        .header("Authorization", "Bearer " + JWT).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(answer.headers().firstValue("Retry-After")).isPresent();
        assertThat(Api.json(answer.body()).path("detail").asString()).contains("could not be reached");
        Api.Reply me = new Api(port).get(Fleet.ADMIN, "/api/v1/me");
        assertThat(me.status()).as(me.raw()).isEqualTo(200);
        assertProblem(new Api(port).get("flt_unknown-secret", "/api/v1/me"), 401);
    }
}
