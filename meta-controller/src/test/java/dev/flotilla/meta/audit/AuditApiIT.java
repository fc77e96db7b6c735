package dev.flotilla.meta.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flotilla.meta.support.Api;
import dev.flotilla.meta.support.Fleet;
import dev.flotilla.meta.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/audit} and what the records hold: written in the change's own transaction, a refused call's
 * record without its change, tenant scoping, filters and paging, secrets left out, and campaign controls naming who
 * pressed them in their events.
 */
@IntegrationTest
class AuditApiIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    Api api;
    Fleet fleet;

    @BeforeEach
    void connect() {
        api = new Api(port);
        fleet = new Fleet(api, jdbc);
    }

    private JsonNode audit(String token, String query) {
        Api.Reply reply = api.get(token, "/api/v1/audit" + query);
        assertThat(reply.status()).as(reply.raw()).isEqualTo(200);
        return reply.body();
    }

    @Test
    void aCreationAndItsRecordCommitInOneTransaction() {
        fleet.create("aud-tx", "tx", "eu", "eu-1a", Map.of());

        JsonNode record = audit(Fleet.ADMIN, "?resource=cluster/aud-tx").path("items").get(0);

        assertThat(record.path("action").asString()).isEqualTo("cluster.create");
        assertThat(record.path("actor").asString()).isEqualTo("admin");
        assertThat(record.path("actorName").asString()).isEqualTo("admin");
        assertThat(record.path("tenant").asString()).isEqualTo("tx");
        assertThat(record.path("status").asInt()).isEqualTo(201);
        // PostgreSQL's xmin names the transaction that wrote a row: the cluster and its record share one
        long clusterTx = jdbc.sql("SELECT xmin::text::bigint FROM cluster WHERE name = 'aud-tx'").query(Long.class)
                .single();
        long recordTx = jdbc.sql("SELECT xmin::text::bigint FROM audit_record WHERE id = ?")
                .param(record.path("id").asLong()).query(Long.class).single();
        assertThat(recordTx).isEqualTo(clusterTx);
    }

    @Test
    void aRefusedChangeLeavesItsFailureRecordAndNothingElse() {
        fleet.create("aud-refused", "refused", "eu", "eu-1a", Map.of());
        String patch = "{\"region\":\"us\",\"labels\":{\"Bad Key!\":\"x\"}}";

        Api.Reply refused = api.sendRaw(Fleet.ADMIN, "PATCH", "/api/v1/clusters/aud-refused", patch);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(jdbc.sql("SELECT region FROM cluster WHERE name = 'aud-refused'").query(String.class).single())
                .isEqualTo("eu");
        JsonNode record = audit(Fleet.ADMIN, "?resource=cluster/aud-refused&action=cluster.update")
                .path("items").get(0);
        assertThat(record.path("status").asInt()).isEqualTo(400);
        assertThat(record.path("problemType").asString()).isEqualTo("bad-input");
        assertThat(record.path("tenant").asString()).isEqualTo("refused");
        assertThat(record.path("request").path("body").path("region").asString()).isEqualTo("us");
    }

    @Test
    void secretsInRequestsAreNotRecorded() {
        Api.Reply issued = api.post(Fleet.ADMIN, "/api/v1/tokens", Map.of("name", "aud-secret", "role", "viewer"));
        String secret = issued.body().path("token").asString();

        JsonNode records = audit(Fleet.ADMIN, "?resource=token/aud-secret");

        assertThat(records.toString()).doesNotContain(secret);
        assertThat(records.path("items").get(0).path("action").asString()).isEqualTo("token.create");
        assertThat(jdbc.sql("SELECT count(*) FROM audit_record WHERE request_summary LIKE ?").param("%" + secret + "%")
                .query(Integer.class).single()).isZero();
    }

    @Test
    void tenantAdminsReadTheirTenantsRecordsOnly() {
        fleet.create("aud-acme-1", "aud-acme", "eu", "eu-1a", Map.of());
        fleet.create("aud-globex-1", "aud-globex", "eu", "eu-1a", Map.of());
        String acmeAdmin = fleet.token("aud-acme-admin", "admin", "aud-acme");
        Api.Reply cordon = api.post(acmeAdmin, "/api/v1/clusters/aud-acme-1/cordon", null);
        assertThat(cordon.status()).isEqualTo(200);

        List<JsonNode> seen = all(acmeAdmin, "");

        assertThat(seen).isNotEmpty().allSatisfy(r -> assertThat(r.path("tenant").asString()).isEqualTo("aud-acme"));
        assertThat(seen).extracting(r -> r.path("action").asString() + " " + r.path("resourceId").asString())
                .contains("cluster.create aud-acme-1", "cluster.cordon aud-acme-1");
        assertThat(seen.stream().filter(r -> r.path("action").asString().equals("cluster.cordon")).findFirst()
                .orElseThrow().path("actor").asString()).isEqualTo("aud-acme-admin");
        assertThat(all(Fleet.ADMIN, "?resource=cluster/aud-globex-1")).hasSize(1);
        assertThat(all(acmeAdmin, "?resource=cluster/aud-globex-1")).isEmpty();
    }

    @Test
    void onlyAdminsReadTheLog() {
        String operator = fleet.token("aud-operator", "operator", null);
        String viewer = fleet.token("aud-viewer", "viewer", null);

        assertThat(api.get(operator, "/api/v1/audit").status()).isEqualTo(403);
        assertThat(api.get(viewer, "/api/v1/audit").status()).isEqualTo(403);
        assertThat(api.get(null, "/api/v1/audit").status()).isEqualTo(401);
    }

    @Test
    void filtersAndPagesNewestFirst() {
        String actor = fleet.token("aud-pager", "admin", null);
        for (int i = 1; i <= 5; i++) {
            assertThat(api.post(actor, "/api/v1/clusters", Fleet.cluster("aud-page-" + i, "pager", "eu", "eu-1a",
                    Map.of())).status()).isEqualTo(201);
        }

        JsonNode first = audit(Fleet.ADMIN, "?actor=aud-pager&action=cluster.create&limit=2");
        List<JsonNode> pages = all(Fleet.ADMIN, "?actor=aud-pager&action=cluster.create&limit=2");

        assertThat(first.path("items")).hasSize(2);
        assertThat(first.path("items").get(0).path("resourceId").asString()).isEqualTo("aud-page-5");
        assertThat(first.path("nextCursor").isString()).isTrue();
        assertThat(pages).extracting(r -> r.path("resourceId").asString())
                .containsExactly("aud-page-5", "aud-page-4", "aud-page-3", "aud-page-2", "aud-page-1");
        assertThat(audit(Fleet.ADMIN, "?actor=aud-pager&since=" + Instant.now().plusSeconds(3600)).path("items"))
                .isEmpty();
        assertThat(all(Fleet.ADMIN, "?actor=aud-pager&resource=cluster&since=2020-01-01T00:00:00Z")).hasSize(5);
        Fleet.assertBadInput(api.get(Fleet.ADMIN, "/api/v1/audit?since=yesterday"), "since");
        Fleet.assertBadInput(api.get(Fleet.ADMIN, "/api/v1/audit?cursor=%21%21"), "cursor");
    }

    @Test
    void campaignControlsNameWhoPressedThem() {
        String cluster = fleet.add("aud-c1", "eu-1a", "READY");
        String app = fleet.name("audweb");
        assertThat(api.post(Fleet.ADMIN, "/api/v1/applications",
                Map.of("name", app, "tenant", "acme", "namespace", "shop", "kind", "CloneSet")).status())
                .isEqualTo(201);
        Map<String, Object> template = Map.of("metadata", Map.of("labels", Map.of("app", app)),
                "spec", Map.of("containers", List.of(Map.of("name", "a", "image", "web:v1"))));
        Map<String, Object> manifest = Map.of("apiVersion", "apps.kruise.io/v1alpha1", "kind", "CloneSet",
                "metadata", Map.of("name", app), "spec", Map.of("replicas", 1,
                        "selector", Map.of("matchLabels", Map.of("app", app)), "template", template));
        assertThat(api.post(Fleet.ADMIN, "/api/v1/applications/" + app + "/revisions", Map.of("manifest", manifest))
                .status()).isEqualTo(201);
        String alice = fleet.token("aud-alice", "operator", null);
        Api.Reply rollout = api.post(alice, "/api/v1/rollouts", Map.of("application", app, "revision", 1,
                "clusters", Map.of("names", List.of(cluster)), "approvalBeforeWaves", List.of(0)));
        assertThat(rollout.status()).as(rollout.raw()).isEqualTo(201);
        long id = rollout.body().path("id").asLong();
        // the engine's next pass holds the rollout before wave 0; approving earlier is an illegal transition
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get(alice, "/api/v1/rollouts/" + id).body()
                .path("state").asString().equals("WAITING_APPROVAL"));

        Api.Reply approve = api.post(alice, "/api/v1/campaigns/" + id + "/approve", null);
        assertThat(approve.status()).as(approve.raw()).isEqualTo(200);
        Api.Reply pause = api.post(alice, "/api/v1/rollouts/" + id + "/pause", null);
        assertThat(pause.status()).as(pause.raw()).isEqualTo(200);
        Api.Reply abort = api.post(Fleet.ADMIN, "/api/v1/rollouts/" + id + "/abort", null);
        assertThat(abort.status()).as(abort.raw()).isEqualTo(200);

        List<String> messages = new ArrayList<>();
        api.get(Fleet.ADMIN, "/api/v1/campaigns/" + id + "/events?limit=1000").body().path("items")
                .forEach(e -> messages.add(e.path("message").asString()));
        assertThat(messages).contains("wave 0 approved by aud-alice", "paused by aud-alice", "aborted by admin");
        assertThat(all(Fleet.ADMIN, "?resource=rollout/" + id)).extracting(r -> r.path("action").asString())
                .containsExactly("rollout.abort", "rollout.pause", "rollout.create");
        assertThat(all(Fleet.ADMIN, "?resource=campaign/" + id)).extracting(r -> r.path("actor").asString())
                .containsExactly("aud-alice");
        assertThat(all(Fleet.ADMIN, "?actor=aud-alice&action=rollout.create")).hasSize(1);
    }

    /** Every record of a query, page after page. */
    private List<JsonNode> all(String token, String query) {
        List<JsonNode> records = new ArrayList<>();
        String cursor = null;
        do {
            String sep = query.isEmpty() ? "?" : "&";
            JsonNode page = audit(token, query + (cursor == null ? "" : sep + "cursor=" + cursor));
            page.path("items").forEach(records::add);
            cursor = page.path("nextCursor").isString() ? page.path("nextCursor").asString() : null;
        } while (cursor != null);
        return records;
    }
}
