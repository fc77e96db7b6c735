package dev.flotilla.meta.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flotilla.meta.support.Api;
import dev.flotilla.meta.support.Fleet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Makes campaign events through the real API: applications, rollouts driven to their end by reports as agents
 * would send them, and operator controls; and reads which events a hook should get from the event table itself.
 */
final class CampaignDriver {

    static final String ADMIN = Fleet.ADMIN;
    static final Duration PATIENCE = Duration.ofSeconds(60);

    private final AtomicInteger applications = new AtomicInteger();
    private Api api;
    private Fleet fleet;
    private JdbcClient jdbc;

    CampaignDriver(Api api, JdbcClient jdbc) {
        this.api = api;
        this.jdbc = jdbc;
        this.fleet = new Fleet(api, jdbc);
    }

    /** Talks to another meta-controller on the same database (a restarted one, another replica). */
    void use(Api api, JdbcClient jdbc) {
        this.api = api;
        this.jdbc = jdbc;
        fleet.use(jdbc, api);
    }

    Fleet fleet() {
        return fleet;
    }

    /** A CloneSet application with one revision, in tenant acme; answers its (unique) name. */
    String application() {
        String name = fleet.name("web" + applications.incrementAndGet());
        expect(201, api.post(ADMIN, "/api/v1/applications",
                Map.of("name", name, "tenant", "acme", "namespace", "shop", "kind", "CloneSet")));
        expect(201, api.post(ADMIN, "/api/v1/applications/" + name + "/revisions", Map.of("manifest", Map.of(
                "apiVersion", "apps.kruise.io/v1alpha1", "kind", "CloneSet", "metadata", Map.of("name", name),
                "spec", Map.of("replicas", 3, "selector", Map.of("matchLabels", Map.of("app", name)),
                        "template", Map.of("metadata", Map.of("labels", Map.of("app", name)),
                                "spec", Map.of("containers", List.of(Map.of("name", "app", "image", "web:v1")))))))));
        return name;
    }

    /** Starts a rollout of revision 1 to this driver's clusters with the extra fields; answers its id. */
    long start(String app, Map<String, Object> extra) {
        Map<String, Object> body = new java.util.HashMap<>(extra);
        body.put("application", app);
        body.put("revision", 1);
        body.put("clusters", Map.of("selector", fleet.selector()));
        Api.Reply reply = api.post(ADMIN, "/api/v1/rollouts", body);
        expect(201, reply);
        return reply.body().path("id").asLong();
    }

    /** Drives a rollout with a canary and an approval before its second wave to SUCCEEDED. */
    long rolloutToTheEnd(String app) {
        long id = start(app, Map.of("canary", Map.of("count", 1), "approvalBeforeWaves", List.of(1)));
        finishDispatched(id, app);
        awaitState(id, "WAITING_APPROVAL");
        control(id, "approve");
        while (!state(id).equals("SUCCEEDED")) {
            await().atMost(PATIENCE).until(() -> !targets(id, "DISPATCHED").isEmpty() || state(id).equals("SUCCEEDED"));
            if (!state(id).equals("SUCCEEDED")) {
                finishDispatched(id, app);
            }
        }
        return id;
    }

    /** A rollout that waits for approval before its first wave: it only moves by controls. */
    long waitingRollout(String app) {
        long id = start(app, Map.of("approvalBeforeWaves", List.of(0)));
        awaitState(id, "WAITING_APPROVAL");
        return id;
    }

    void control(long id, String action) {
        expect(200, api.post(ADMIN, "/api/v1/campaigns/" + id + "/" + action, null));
    }

    String state(long id) {
        return api.get(ADMIN, "/api/v1/campaigns/" + id).body().path("state").asString();
    }

    void awaitState(long id, String state) {
        await().atMost(PATIENCE).until(() -> state(id).equals(state));
    }

    /** The campaign's events a hook with these event types gets, by event id, in seq order (from wave_event). */
    List<String> notifiable(long campaign, List<String> types) {
        return jdbc.sql("""
                        SELECT campaign_id || '-' || seq FROM wave_event
                        WHERE campaign_id = ? AND cluster_name IS NULL AND type = ANY (?::text[]) ORDER BY seq""")
                .params(campaign, (types.isEmpty() ? WebhookEventTypes.ALL : types).toArray(String[]::new))
                .query(String.class).list();
    }

    /** Creates a hook; answers its id. */
    long hook(Map<String, Object> body) {
        Api.Reply reply = api.post(ADMIN, "/api/v1/webhooks", body);
        expect(201, reply);
        return reply.body().path("id").asLong();
    }

    /** The hook's whole delivery log, newest first. */
    List<JsonNode> deliveries(long hook) {
        List<JsonNode> all = new ArrayList<>();
        api.get(ADMIN, "/api/v1/webhooks/" + hook + "/deliveries?limit=1000").body().path("items").forEach(all::add);
        return all;
    }

    private List<String> targets(long id, String state) {
        List<String> names = new ArrayList<>();
        api.get(ADMIN, "/api/v1/campaigns/" + id + "/targets?limit=1000&state=" + state).body().path("items")
                .forEach(t -> names.add(t.path("cluster").asString()));
        return names;
    }

    private void finishDispatched(long id, String app) {
        await().atMost(PATIENCE).until(() -> !targets(id, "DISPATCHED").isEmpty());
        for (String cluster : targets(id, "DISPATCHED")) {
            assertThat(fleet.report(cluster, app, "SUCCEEDED")).isEqualTo(204);
        }
    }

    private static void expect(int status, Api.Reply reply) {
        assertThat(reply.status()).as(reply.raw()).isEqualTo(status);
    }
}
