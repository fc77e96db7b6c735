package dev.flotilla.meta.notify;

import static dev.flotilla.meta.notify.CampaignDriver.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flotilla.meta.support.Api;
import dev.flotilla.meta.support.IntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** Campaign events reach a real HTTP receiver: signed, each once, in order, retried with backoff, given up on. */
@IntegrationTest
@TestPropertySource(properties = {"flotilla.webhooks.poll-interval=100ms", "flotilla.webhooks.initial-backoff=400ms",
        "flotilla.webhooks.max-backoff=2s", "flotilla.webhooks.max-attempts=3"})
class WebhookDeliveryIT {

    private static final String SECRET = "delivery-it-secret-0123456789";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MeterRegistry meters;

    private CampaignDriver driver;
    private WebhookReceiver receiver;

    @BeforeEach
    void setUp() throws Exception {
        driver = new CampaignDriver(new Api(port), jdbc);
        receiver = new WebhookReceiver(SECRET);
    }

    @AfterEach
    void tearDown() {
        receiver.close();
    }

    @Test
    void aWholeRolloutReachesTheReceiverEveryEventOnceInOrderSignedAndOnlyForTheHooksThatMatchedThen() {
        driver.fleet().addInZones(1, "a", "b");
        String app = driver.application();
        long all = driver.hook(hook("all", "/all", Map.of("subjects", List.of(app))));
        long succeeded = driver.hook(hook("done", "/done", Map.of("subjects", List.of(app),
                "events", List.of("SUCCEEDED"))));
        long slack = driver.hook(hook("slack", "/slack", Map.of("subjects", List.of(app), "format", "slack",
                "events", List.of("WAITING_APPROVAL"))));
        long otherApp = driver.hook(hook("other", "/other", Map.of("subjects", List.of("not-" + app))));

        long id = driver.rolloutToTheEnd(app);
        List<String> expected = driver.notifiable(id, List.of());
        await().atMost(PATIENCE).until(() -> receiver.events("/all").size() >= expected.size()
                && receiver.events("/done").size() == 1 && receiver.events("/slack").size() == 1);

        assertThat(expected).hasSizeGreaterThanOrEqualTo(8);
        assertThat(receiver.all("/all")).extracting(WebhookReceiver.Received::eventId)
                .as("every event once, in seq order").containsExactlyElementsOf(expected);
        assertThat(receiver.all("/all")).extracting(WebhookReceiver.Received::type)
                .contains("CREATED", "WAVE_STARTED", "WAVE_COMPLETED", "WAITING_APPROVAL", "RUNNING", "SUCCEEDED")
                .doesNotContain("TARGET_DISPATCHED", "TARGET_SUCCEEDED");
        assertThat(receiver.all("/all")).allSatisfy(r -> assertThat(r.attempt()).isEqualTo(1));
        assertThat(receiver.refused()).as("requests whose signature did not verify").isEmpty();

        JsonNode last = receiver.all("/all").get(expected.size() - 1).body();
        assertThat(last.path("id").asString()).isEqualTo(expected.get(expected.size() - 1));
        assertThat(last.path("type").asString()).isEqualTo("SUCCEEDED");
        assertThat(last.path("campaign").path("id").asLong()).isEqualTo(id);
        assertThat(last.path("campaign").path("kind").asString()).isEqualTo("ROLLOUT");
        assertThat(last.path("campaign").path("subject").asString()).isEqualTo(app);
        assertThat(last.path("campaign").path("tenant").asString()).isEqualTo("acme");
        assertThat(last.path("webhook").asString()).isEqualTo(driver.fleet().name("all"));

        assertThat(receiver.all("/done")).extracting(WebhookReceiver.Received::eventId)
                .containsExactlyElementsOf(driver.notifiable(id, List.of("SUCCEEDED")));
        JsonNode text = receiver.all("/slack").get(0).body();
        assertThat(text.propertyNames()).containsExactly("text");
        assertThat(text.path("text").asString()).contains("rollout " + id, app, "waiting approval");
        assertThat(receiver.all("/other")).isEmpty();
        assertThat(driver.deliveries(otherApp)).isEmpty();

        List<JsonNode> log = driver.deliveries(all);
        assertThat(log).extracting(d -> d.path("eventId").asString())
                .containsExactlyElementsOf(reversed(expected));
        assertThat(log).allSatisfy(d -> {
            assertThat(d.path("state").asString()).isEqualTo("DELIVERED");
            assertThat(d.path("attempts").asInt()).isEqualTo(1);
            assertThat(d.path("lastStatus").asInt()).isEqualTo(200);
            assertThat(d.path("deliveredAt").isNull()).isFalse();
        });
        assertThat(driver.deliveries(succeeded)).hasSize(1);
        assertThat(driver.deliveries(slack)).hasSize(1);

        // a hook created now matches the finished campaign too, but gets none of its old events
        long late = driver.hook(hook("late", "/late", Map.of("subjects", List.of(app))));
        assertThat(driver.deliveries(late)).isEmpty();
        assertThat(jdbc.sql("SELECT count(*) FROM webhook_delivery WHERE webhook_id = ?").param(late)
                .query(Long.class).single()).isZero();
    }

    @Test
    void aReceiverAnswering500IsRetriedWithBackoffAndTheHooksLaterEventsWaitForIt() {
        driver.fleet().addInZones(1, "a");
        String app = driver.application();
        long retried = driver.hook(hook("retried", "/retried", Map.of("subjects", List.of(app))));
        // the campaign's first event (seq 1, CREATED) is answered 500 twice
        receiver.answer((eventId, attempt) -> eventId.endsWith("-1") && attempt < 3 ? 500 : 200);
        long id = driver.start(app, Map.of("approvalBeforeWaves", List.of(0)));
        String first = id + "-1";
        driver.awaitState(id, "WAITING_APPROVAL");
        driver.control(id, "pause");
        driver.control(id, "abort");
        List<String> expected = driver.notifiable(id, List.of());
        await().atMost(PATIENCE).until(() -> receiver.events("/retried").size() >= expected.size());

        List<WebhookReceiver.Received> got = receiver.all("/retried");
        assertThat(got.subList(0, 3)).extracting(WebhookReceiver.Received::eventId).containsOnly(first);
        assertThat(got.subList(0, 3)).extracting(WebhookReceiver.Received::attempt).containsExactly(1, 2, 3);
        // equal jitter: each wait is at least half its step (400 ms, then 800 ms)
        assertThat(Duration.between(got.get(0).at(), got.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(Duration.between(got.get(1).at(), got.get(2).at())).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        assertThat(got.subList(3, got.size())).extracting(WebhookReceiver.Received::eventId)
                .as("later events only after the first one succeeded, in order")
                .containsExactlyElementsOf(expected.subList(1, expected.size()));

        JsonNode firstLog = last(driver.deliveries(retried));
        assertThat(firstLog.path("eventId").asString()).isEqualTo(first);
        assertThat(firstLog.path("state").asString()).isEqualTo("DELIVERED");
        assertThat(firstLog.path("attempts").asInt()).isEqualTo(3);
        assertThat(firstLog.path("lastStatus").asInt()).isEqualTo(200);
        assertThat(firstLog.path("lastError").isNull()).isTrue();
        assertThat(meters.get("flotilla.webhook.attempts").tag("outcome", "retry").counter().count())
                .isGreaterThanOrEqualTo(2);
        assertThat(meters.get("flotilla.webhook.attempts").tag("outcome", "delivered").counter().count())
                .isGreaterThanOrEqualTo(expected.size());
    }

    @Test
    void aDeliveryWhoseAttemptsAreSpentIsMarkedFailedAndTheHooksLaterEventsGoOn() {
        driver.fleet().addInZones(1, "a");
        String app = driver.application();
        long hook = driver.hook(hook("gives-up", "/gives-up", Map.of("subjects", List.of(app))));
        receiver.answer((eventId, attempt) -> eventId.endsWith("-1") ? 503 : 200);
        long id = driver.start(app, Map.of("approvalBeforeWaves", List.of(0)));
        String first = id + "-1";
        driver.awaitState(id, "WAITING_APPROVAL");
        driver.control(id, "abort");
        List<String> expected = driver.notifiable(id, List.of());
        await().atMost(PATIENCE).until(() -> receiver.events("/gives-up").size() >= expected.size());

        assertThat(receiver.all("/gives-up")).extracting(WebhookReceiver.Received::eventId)
                .containsExactlyElementsOf(java.util.stream.Stream.concat(
                        java.util.stream.Stream.of(first, first), expected.stream()).toList());
        List<JsonNode> log = driver.deliveries(hook);
        JsonNode failed = last(log);
        assertThat(failed.path("eventId").asString()).isEqualTo(first);
        assertThat(failed.path("state").asString()).isEqualTo("FAILED");
        assertThat(failed.path("attempts").asInt()).isEqualTo(3);
        assertThat(failed.path("lastStatus").asInt()).isEqualTo(503);
        assertThat(failed.path("lastError").asString()).contains("503");
        assertThat(failed.path("nextAttemptAt").isNull()).isTrue();
        assertThat(log.subList(0, log.size() - 1)).allSatisfy(d ->
                assertThat(d.path("state").asString()).isEqualTo("DELIVERED"));
        assertThat(driver.deliveries(hook).stream().filter(d -> d.path("state").asString().equals("FAILED")))
                .hasSize(1);
        Api.Reply onlyFailed = new Api(port).get(CampaignDriver.ADMIN, "/api/v1/webhooks/" + hook
                + "/deliveries?state=FAILED");
        assertThat(onlyFailed.body().path("items")).hasSize(1);
    }

    @Test
    void aDeliveryWhoseSenderDiedIsSentAgainOnceItsLeaseEndsAndTheDeadSendersOutcomeIsDropped() throws Exception {
        driver.fleet().addInZones(1, "a");
        String app = driver.application();
        long hook = driver.hook(hook("lease", "/lease", Map.of("subjects", List.of(app))));
        receiver.hold(eventId -> eventId.endsWith("-1"));
        long id = driver.start(app, Map.of("approvalBeforeWaves", List.of(0)));
        assertThat(receiver.awaitHeld(60)).isTrue();
        // as if the replica sending it had died: its lease over, and its claim no longer the row's
        assertThat(jdbc.sql("""
                        UPDATE webhook_delivery SET lease_until = now() - interval '1 second', claim = gen_random_uuid()
                        WHERE webhook_id = ? AND seq = 1 AND state = 'PENDING'""").param(hook).update()).isOne();
        await().atMost(PATIENCE).until(() -> receiver.all("/lease").size() >= 2);
        receiver.letGo();
        driver.control(id, "abort");
        List<String> expected = driver.notifiable(id, List.of());
        await().atMost(PATIENCE).until(() -> receiver.events("/lease").size() >= expected.size());

        List<WebhookReceiver.Received> got = receiver.all("/lease");
        assertThat(got.subList(0, 2)).extracting(WebhookReceiver.Received::attempt).containsExactly(1, 2);
        assertThat(got.subList(0, 2)).extracting(WebhookReceiver.Received::eventId).containsOnly(id + "-1");
        assertThat(receiver.events("/lease")).containsExactlyElementsOf(expected);
        JsonNode first = last(driver.deliveries(hook));
        assertThat(first.path("state").asString()).isEqualTo("DELIVERED");
        assertThat(first.path("attempts").asInt()).isEqualTo(2);
    }

    private static <T> T last(List<T> list) {
        return list.get(list.size() - 1);
    }

    private static List<String> reversed(List<String> list) {
        List<String> copy = new java.util.ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }

    private Map<String, Object> hook(String name, String path, Map<String, Object> extra) {
        Map<String, Object> body = new java.util.HashMap<>(extra);
        body.put("name", driver.fleet().name(name));
        body.put("url", receiver.url(path));
        body.put("secret", SECRET);
        return body;
    }
}
