package dev.flotilla.meta.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.meta.support.Api;
import dev.flotilla.meta.support.IntegrationTest;
import dev.flotilla.testsupport.SharedPostgres;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@IntegrationTest
class MeApiIT {

    @LocalServerPort
    int port;

    @Test
    void answersTheNameRoleAndTenantOfTheCallingToken() {
        Api api = new Api(port);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "me-green-viewer");
        body.put("role", "viewer");
        body.put("tenant", "green");
        String token = api.post(SharedPostgres.ADMIN_TOKEN, "/api/v1/tokens", body).body().path("token").asString();

        Api.Reply me = api.get(token, "/api/v1/me");

        assertThat(me.status()).as(me.raw()).isEqualTo(200);
        assertThat(me.body().path("name").asString()).isEqualTo("me-green-viewer");
        assertThat(me.body().path("role").asString()).isEqualTo("viewer");
        assertThat(me.body().path("tenant").asString()).isEqualTo("green");
    }

    @Test
    void answersNoTenantForAFleetWideAdmin() {
        Api.Reply me = new Api(port).get(SharedPostgres.ADMIN_TOKEN, "/api/v1/me");

        assertThat(me.body().path("role").asString()).isEqualTo("admin");
        assertThat(me.body().path("tenant").isNull()).isTrue();
    }

    @Test
    void refusesACallWithoutAValidToken() {
        Api.Reply me = new Api(port).get("flt_unknown", "/api/v1/me");

        assertThat(me.status()).isEqualTo(401);
        assertThat(me.contentType()).startsWith("application/problem+json");
    }
}
