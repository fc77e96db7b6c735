package dev.flotilla.meta.notify;

import static dev.flotilla.meta.support.Fleet.assertBadInput;
import static dev.flotilla.meta.support.Fleet.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.meta.support.Api;
import dev.flotilla.meta.support.Fleet;
import dev.flotilla.meta.support.IntegrationTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** {@code /api/v1/webhooks}: admin only, validated field by field, the secret never answered, cursor-paged. */
@IntegrationTest
class WebhookApiIT {

    private static final String ADMIN = Fleet.ADMIN;
    private static final String SECRET = "api-it-secret-0123456789";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    private Api api;
    private Fleet fleet;

    @BeforeEach
    void connect() {
        api = new Api(port);
        fleet = new Fleet(api, jdbc);
    }

    @Test
    void createsShowsReplacesAndDeletesAHookWithoutEverAnsweringItsSecret() {
        Api.Reply created = api.post(ADMIN, "/api/v1/webhooks", body("crud", Map.of("format", "slack",
                "events", List.of("SUCCEEDED", "FAILED", "SUCCEEDED"), "kinds", List.of("ROLLOUT"),
                "subjects", List.of("web"), "tenants", List.of("shop"))));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.raw()).doesNotContain(SECRET).doesNotContain("secret");
        JsonNode hook = created.body();
        long id = hook.path("id").asLong();
        assertThat(hook.path("name").asString()).isEqualTo(fleet.name("crud"));
        assertThat(hook.path("format").asString()).isEqualTo("slack");
        assertThat(hook.path("events")).extracting(JsonNode::asString).containsExactly("SUCCEEDED", "FAILED");
        assertThat(hook.path("kinds")).extracting(JsonNode::asString).containsExactly("ROLLOUT");
        assertThat(hook.path("enabled").asBoolean()).isTrue();
        assertThat(hook.path("createdBy").asString()).isEqualTo("admin");

        Api.Reply shown = api.get(ADMIN, "/api/v1/webhooks/" + id);
        assertThat(shown.body()).isEqualTo(hook);
        assertThat(shown.raw()).doesNotContain(SECRET);

        Map<String, Object> replacement = new HashMap<>(Map.of("name", fleet.name("crud-2"),
                "url", "https://hooks.example.com/flotilla", "enabled", false));
        Api.Reply replaced = api.put(ADMIN, "/api/v1/webhooks/" + id, replacement);
        assertThat(replaced.status()).as(replaced.raw()).isEqualTo(200);
        assertThat(replaced.body().path("format").asString()).isEqualTo("flotilla");
        assertThat(replaced.body().path("events")).isEmpty();
        assertThat(replaced.body().path("enabled").asBoolean()).isFalse();
        assertThat(jdbc.sql("SELECT secret FROM webhook WHERE id = ?").param(id).query(String.class).single())
                .as("a replacement without a secret keeps it").isEqualTo(SECRET);
        replacement.put("secret", "another-secret-0123456789");
        api.put(ADMIN, "/api/v1/webhooks/" + id, replacement);
        assertThat(jdbc.sql("SELECT secret FROM webhook WHERE id = ?").param(id).query(String.class).single())
                .isEqualTo("another-secret-0123456789");

        assertThat(api.delete(ADMIN, "/api/v1/webhooks/" + id).status()).isEqualTo(204);
        assertProblem(api.get(ADMIN, "/api/v1/webhooks/" + id), 404, "webhook");
        assertProblem(api.delete(ADMIN, "/api/v1/webhooks/" + id), 404, "webhook");
        assertProblem(api.put(ADMIN, "/api/v1/webhooks/" + id, replacement), 404, "webhook");
        assertProblem(api.get(ADMIN, "/api/v1/webhooks/" + id + "/deliveries"), 404, "webhook");
    }

    @Test
    void aTakenNameIsAConflictOnCreateAndOnRename() {
        long first = api.post(ADMIN, "/api/v1/webhooks", body("taken", Map.of())).body().path("id").asLong();
        long second = api.post(ADMIN, "/api/v1/webhooks", body("other", Map.of())).body().path("id").asLong();
        assertProblem(api.post(ADMIN, "/api/v1/webhooks", body("taken", Map.of())), 409, fleet.name("taken"));
        assertProblem(api.put(ADMIN, "/api/v1/webhooks/" + second, body("taken", Map.of())), 409, fleet.name("taken"));
        assertThat(api.put(ADMIN, "/api/v1/webhooks/" + first, body("taken", Map.of())).status()).isEqualTo(200);
    }

    static Stream<Arguments> badHooks() {
        return Stream.of(
                Arguments.of("not a URL", Map.of("url", "not a url"), "url"),
                Arguments.of("another scheme", Map.of("url", "ftp://example.com/x"), "http or https"),
                Arguments.of("a relative URL", Map.of("url", "/hooks"), "url"),
                Arguments.of("no host", Map.of("url", "http:///x"), "url"),
                Arguments.of("credentials in the URL", Map.of("url", "https://user:pw@example.com/"), "credentials"),
                Arguments.of("a fragment", Map.of("url", "https://example.com/#x"), "fragment"),
                Arguments.of("a short secret", Map.of("secret", "short"), "secret"),
                Arguments.of("a secret with a control character", Map.of("secret", "0123456789abcdef\n"), "secret"),
                Arguments.of("an unknown format", Map.of("format", "teams"), "format"),
                Arguments.of("an unknown event type", Map.of("events", List.of("WAVE_STARTED", "TARGET_FAILED")),
                        "unknown event type: 'TARGET_FAILED'"),
                Arguments.of("an unknown kind", Map.of("kinds", List.of("DEPLOYMENT")), "unknown campaign kind"),
                Arguments.of("a blank subject", Map.of("subjects", List.of(" ")), "subjects"),
                Arguments.of("a tenant that is no label", Map.of("tenants", List.of("Shop!")), "tenants"),
                Arguments.of("a null filter entry", Map.of("events", nullList()), "events"),
                Arguments.of("a bad name", Map.of("name", "Not_A_Label"), "name"),
                Arguments.of("a wrongly typed flag", Map.of("enabled", "yes"), "enabled"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badHooks")
    void refusesABadHookNamingWhatIsWrongAndKeepsNothing(String why, Map<String, Object> change, String named) {
        long before = count();
        Api.Reply reply = api.post(ADMIN, "/api/v1/webhooks", body("bad", change));
        assertBadInput(reply, named);
        assertThat(reply.raw()).doesNotContain(SECRET);
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void aHookWithoutASecretIsRefusedAndARefusedSecretIsNotEchoed() {
        Map<String, Object> noSecret = body("nosecret", Map.of());
        noSecret.remove("secret");
        assertBadInput(api.post(ADMIN, "/api/v1/webhooks", noSecret), "secret");
        Api.Reply tooLong = api.post(ADMIN, "/api/v1/webhooks", body("long", Map.of("secret", "s3cr3t".repeat(50))));
        assertBadInput(tooLong, "secret");
        assertThat(tooLong.raw()).doesNotContain("s3cr3t");
    }

    @Test
    void onlyAdminsManageHooksAndATenantAdminOnlyItsTenants() {
        String operator = fleet.token(fleet.name("op"), "operator", null);
        assertProblem(api.get(operator, "/api/v1/webhooks"), 403);
        assertProblem(api.post(operator, "/api/v1/webhooks", body("op", Map.of())), 403);
        long fleetWide = api.post(ADMIN, "/api/v1/webhooks", body("fleet-wide", Map.of())).body().path("id").asLong();

        String shopAdmin = fleet.token(fleet.name("shop-admin"), "admin", "shop");
        Api.Reply own = api.post(shopAdmin, "/api/v1/webhooks", body("shop-own", Map.of()));
        assertThat(own.status()).as(own.raw()).isEqualTo(201);
        assertThat(own.body().path("tenants")).extracting(JsonNode::asString).containsExactly("shop");
        assertThat(own.body().path("ownerTenant").asString()).isEqualTo("shop");
        assertProblem(api.post(shopAdmin, "/api/v1/webhooks", body("shop-other", Map.of("tenants", List.of("bank")))),
                403, "shop");
        assertProblem(api.get(shopAdmin, "/api/v1/webhooks/" + fleetWide), 404);
        assertProblem(api.delete(shopAdmin, "/api/v1/webhooks/" + fleetWide), 404);
        assertThat(ids(shopAdmin, 1000)).contains(own.body().path("id").asLong()).doesNotContain(fleetWide);
        assertThat(ids(ADMIN, 1000)).contains(own.body().path("id").asLong(), fleetWide);
    }

    @Test
    void listsHooksByIdAcrossPages() {
        List<Long> made = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            made.add(api.post(ADMIN, "/api/v1/webhooks", body("page-" + i, Map.of())).body().path("id").asLong());
        }
        List<Long> all = ids(ADMIN, 2);
        assertThat(all).containsSubsequence(made).doesNotHaveDuplicates().isSorted();
        assertBadInput(api.get(ADMIN, "/api/v1/webhooks?cursor=not-ours"), "cursor");
        assertBadInput(api.get(ADMIN, "/api/v1/webhooks?limit=0"), "limit");
        assertBadInput(api.get(ADMIN, "/api/v1/webhooks/" + made.get(0) + "/deliveries?state=LOST"), "state");
    }

    @Test
    void theOutboxTriggerQueuesExactlyTheEventTypesHooksMaySubscribeTo() {
        String function = jdbc.sql("SELECT prosrc FROM pg_proc WHERE proname = 'webhook_outbox'")
                .query(String.class).single();
        List<String> quoted = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("'([A-Z_]+)'").matcher(function);
        while (m.find()) {
            quoted.add(m.group(1));
        }
        assertThat(quoted).containsExactlyElementsOf(WebhookEventTypes.ALL);
    }

    private List<Long> ids(String token, int limit) {
        List<Long> ids = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = api.get(token, "/api/v1/webhooks?limit=" + limit
                    + (cursor == null ? "" : "&cursor=" + cursor)).body();
            page.path("items").forEach(h -> ids.add(h.path("id").asLong()));
            cursor = page.path("nextCursor").isString() ? page.path("nextCursor").asString() : null;
        } while (cursor != null);
        return ids;
    }

    private long count() {
        return jdbc.sql("SELECT count(*) FROM webhook").query(Long.class).single();
    }

    private Map<String, Object> body(String name, Map<String, Object> change) {
        Map<String, Object> body = new HashMap<>(Map.of("name", fleet.name(name),
                "url", "http://127.0.0.1:9/hook", "secret", SECRET));
        body.putAll(change);
        return body;
    }

    private static List<String> nullList() {
        List<String> list = new ArrayList<>();
        list.add(null);
        return list;
    }
}
