package dev.flotilla.meta.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.meta.support.Api;
import dev.flotilla.testsupport.SharedPostgres;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Test helpers over the real HTTP API: tokens of each role and clusters to work on. */
final class Fleet {

    static final String ADMIN = SharedPostgres.ADMIN_TOKEN;

    private final Api api;

    Fleet(Api api) {
        this.api = api;
    }

    /** Issues an API token (names must be unique in the shared test database). */
    String token(String name, String role, String tenant) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("role", role);
        body.put("tenant", tenant);
        Api.Reply reply = api.post(ADMIN, "/api/v1/tokens", body);
        assertThat(reply.status()).as(reply.raw()).isEqualTo(201);
        return reply.body().path("token").asString();
    }

    JsonNode create(String name, String tenant, String region, String zone, Map<String, String> labels) {
        Api.Reply reply = api.post(ADMIN, "/api/v1/clusters", cluster(name, tenant, region, zone, labels));
        assertThat(reply.status()).as(reply.raw()).isEqualTo(201);
        return reply.body();
    }

    static Map<String, Object> cluster(String name, String tenant, String region, String zone,
            Map<String, ?> labels) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("tenant", tenant);
        body.put("region", region);
        body.put("zone", zone);
        body.put("labels", labels);
        return body;
    }

    static void assertBadInput(Api.Reply reply, String mentioned) {
        assertThat(reply.status()).as(reply.raw()).isEqualTo(400);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.detail()).as(reply.raw()).contains(mentioned);
    }

    static void assertProblem(Api.Reply reply, int status) {
        assertThat(reply.status()).as(reply.raw()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.detail()).as(reply.raw()).isNotBlank();
    }
}
