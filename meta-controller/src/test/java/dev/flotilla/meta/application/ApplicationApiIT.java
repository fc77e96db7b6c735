package dev.flotilla.meta.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.meta.support.Api;
import dev.flotilla.meta.support.IntegrationTest;
import dev.flotilla.testsupport.SharedPostgres;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class ApplicationApiIT {

    private static final String ADMIN = SharedPostgres.ADMIN_TOKEN;

    @LocalServerPort
    int port;
    Api api;

    @BeforeEach
    void connect() {
        api = new Api(port);
    }

    @Test
    void createsListsInPagesAndGetsApplications() {
        for (String name : List.of("pages-a", "pages-b", "pages-c")) {
            Api.Reply created = create(name, "pages", "CloneSet");
            assertThat(created.status()).isEqualTo(201);
            assertThat(created.body().path("latestRevision").asInt()).isZero();
            assertThat(created.body().has("id")).isFalse();
        }
        assertThat(create("pages-a", "pages", "CloneSet").status()).isEqualTo(409);

        List<String> names = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = api.get(ADMIN, "/api/v1/applications?limit=2" + (cursor == null ? "" : "&cursor=" + cursor))
                    .body();
            page.path("items").forEach(a -> names.add(a.path("name").asString()));
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asString();
        } while (cursor != null);
        assertThat(names).containsSubsequence("pages-a", "pages-b", "pages-c");
        assertThat(api.get(ADMIN, "/api/v1/applications/pages-b").body().path("kind").asString()).isEqualTo("CloneSet");
        assertThat(api.get(ADMIN, "/api/v1/applications/nope").status()).isEqualTo(404);
    }

    @Test
    void aTenantScopedTokenSeesOnlyItsTenantsApplications() {
        create("scoped-mine", "blue", "StatefulSet");
        create("scoped-theirs", "green", "StatefulSet");
        String blue = api.post(ADMIN, "/api/v1/tokens", Map.of("name", "blue-op", "role", "operator",
                "tenant", "blue")).body().path("token").asString();

        assertThat(api.get(blue, "/api/v1/applications/scoped-mine").status()).isEqualTo(200);
        assertThat(api.get(blue, "/api/v1/applications/scoped-theirs").status()).isEqualTo(404);
        JsonNode listed = api.get(blue, "/api/v1/applications?limit=1000").body().path("items");
        listed.forEach(a -> assertThat(a.path("tenant").asString()).isEqualTo("blue"));
        assertThat(api.post(blue, "/api/v1/applications/scoped-theirs/revisions",
                Map.of("manifest", manifest("StatefulSet", "apps.kruise.io/v1beta1", "x"))).status()).isEqualTo(404);
        assertThat(api.post(blue, "/api/v1/applications", Map.of("name", "scoped-other", "tenant", "green",
                "namespace", "ns", "kind", "CloneSet")).status()).isEqualTo(403);
    }

    @Test
    void numbersConcurrentRevisionsWithoutGapsOrDuplicates() {
        create("numbered", "t", "CloneSet");
        List<CompletableFuture<Api.Reply>> posts = IntStream.range(0, 8).mapToObj(i -> CompletableFuture.supplyAsync(
                () -> api.post(ADMIN, "/api/v1/applications/numbered/revisions",
                        Map.of("manifest", manifest("CloneSet", "apps.kruise.io/v1alpha1", "numbered")))))
                .toList();

        Set<Integer> revisions = new HashSet<>();
        for (CompletableFuture<Api.Reply> post : posts) {
            Api.Reply reply = post.join();
            assertThat(reply.status()).isEqualTo(201);
            assertThat(reply.body().path("application").asString()).isEqualTo("numbered");
            assertThat(reply.body().path("manifest").path("metadata").path("name").asString()).isEqualTo("numbered");
            revisions.add(reply.body().path("revision").asInt());
        }
        assertThat(revisions).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(api.get(ADMIN, "/api/v1/applications/numbered/revisions/3").body().path("revision").asInt())
                .isEqualTo(3);
        JsonNode page = api.get(ADMIN, "/api/v1/applications/numbered/revisions?limit=5").body();
        assertThat(page.path("items")).hasSize(5);
        JsonNode rest = api.get(ADMIN, "/api/v1/applications/numbered/revisions?cursor="
                + page.path("nextCursor").asString()).body();
        assertThat(rest.path("items").get(0).path("revision").asInt()).isEqualTo(6);
        assertThat(api.get(ADMIN, "/api/v1/applications/numbered/revisions/9").status()).isEqualTo(404);
        assertThat(api.put(ADMIN, "/api/v1/applications/numbered/revisions/3", Map.of()).status())
                .as("revisions are immutable").isIn(404, 405);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "StatefulSet | apps.kruise.io/v1beta1 | web | does not match the application's kind",
            "CloneSet | apps/v1 | web | apiVersion: must be apps.kruise.io/v1alpha1",
            "CloneSet | apps.kruise.io/v1alpha1 | '' | metadata.name: required"})
    void refusesManifestsThatBreakARule(String kind, String apiVersion, String name, String rule) {
        create("rules-" + Math.abs((kind + apiVersion + name).hashCode()), "t", "CloneSet");
        String app = "rules-" + Math.abs((kind + apiVersion + name).hashCode());

        Api.Reply reply = api.post(ADMIN, "/api/v1/applications/" + app + "/revisions",
                Map.of("manifest", manifest(kind, apiVersion, name)));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.contentType()).contains("application/problem+json");
        assertThat(reply.detail()).contains(rule);
        assertThat(api.get(ADMIN, "/api/v1/applications/" + app).body().path("latestRevision").asInt()).isZero();
    }

    @Test
    void refusesBadApplicationFields() {
        assertThat(create("Bad_Name", "t", "CloneSet").detail()).contains("name");
        Api.Reply kind = create("goodname", "t", "Deployment");
        assertThat(kind.status()).isEqualTo(400);
        assertThat(kind.detail()).contains("kind");
    }

    private Api.Reply create(String name, String tenant, String kind) {
        return api.post(ADMIN, "/api/v1/applications", Map.of("name", name, "tenant", tenant, "namespace", "shop",
                "kind", kind));
    }

    /** A manifest that passes every Kruise rule but the ones a case breaks on purpose. */
    private static Map<String, Object> manifest(String kind, String apiVersion, String name) {
        return Map.of("apiVersion", apiVersion, "kind", kind, "metadata", Map.of("name", name),
                "spec", Map.of("replicas", 2,
                        "selector", Map.of("matchLabels", Map.of("app", "web")),
                        "template", Map.of("metadata", Map.of("labels", Map.of("app", "web")),
                                "spec", Map.of("containers", List.of(Map.of("name", "app", "image", "web:v1"))))));
    }
}
