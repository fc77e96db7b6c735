package dev.flotilla.meta.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.meta.support.Api;
import dev.flotilla.testsupport.SharedPostgres;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Test fixtures: clusters inserted with SQL (as their agents would have reported them) and API tokens. */
final class Fleet {

    private final Api api;
    private final JdbcClient jdbc;

    Fleet(Api api, JdbcClient jdbc) {
        this.api = api;
        this.jdbc = jdbc;
    }

    long cluster(String name, String tenant, String state, String version, List<String> kubelets, List<String> apis) {
        return jdbc.sql("""
                        INSERT INTO cluster (name, tenant, region, zone, state, kubernetes_version, kubelet_versions,
                            removed_apis_in_use) VALUES (?, ?, 'eu-central', 'eu-central-1a', ?, ?, ?, ?) RETURNING id""")
                .params(name, tenant, state, version, kubelets.toArray(String[]::new), apis.toArray(String[]::new))
                .query(Long.class).single();
    }

    long readyCluster(String name, String tenant, String version) {
        return cluster(name, tenant, "READY", version, List.of(version), List.of());
    }

    /** A new API token's secret. */
    String token(String name, String role, String tenant) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("role", role);
        if (tenant != null) {
            body.put("tenant", tenant);
        }
        Api.Reply reply = api.post(SharedPostgres.ADMIN_TOKEN, "/api/v1/tokens", body);
        assertThat(reply.status()).as(reply.raw()).isEqualTo(201);
        return reply.body().path("token").asString();
    }

    void controlPlane(String cluster, String host, String namespace, String version) {
        Api.Reply reply = api.put(SharedPostgres.ADMIN_TOKEN, "/api/v1/clusters/" + cluster + "/control-plane",
                Map.of("hostCluster", host, "namespace", namespace, "version", version));
        assertThat(reply.status()).as(reply.raw()).isEqualTo(200);
    }

    static void assertProblem(Api.Reply reply, int status, String... detailParts) {
        assertThat(reply.status()).as(reply.raw()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        if (detailParts.length > 0) {
            assertThat(reply.detail()).contains(detailParts);
        }
    }
}
