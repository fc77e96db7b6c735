package dev.flotilla.meta.notify;

import static dev.flotilla.meta.notify.CampaignDriver.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flotilla.meta.FlotillaMetaController;
import dev.flotilla.meta.support.Api;
import dev.flotilla.testsupport.SharedPostgres;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Meta-controllers on one database: stopped while deliveries are pending and one is in flight, then started again,
 * every event still arrives, in order; two replicas delivering side by side send each event once, in order.
 */
class WebhookRestartIT {

    private static final String SECRET = "restart-it-secret-0123456789";

    @Test
    void aMetaControllerStoppedMidDeliveryAndStartedAgainLosesNoEventAndKeepsTheirOrder() throws Exception {
        String[] properties = properties("restart");
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET)) {
            ConfigurableApplicationContext first = start(properties);
            CampaignDriver driver = new CampaignDriver(api(first), first.getBean(JdbcClient.class));
            driver.fleet().addInZones(1, "a");
            String app = driver.application();
            long hook = driver.hook(Map.of("name", driver.fleet().name("hook"), "url", receiver.url("/hook"),
                    "secret", SECRET, "subjects", List.of(app)));
            // the campaign's third event is held by the receiver: in flight when the meta-controller stops
            receiver.hold(eventId -> eventId.endsWith("-3"));
            long id = driver.waitingRollout(app);
            String held = id + "-3";
            for (int i = 0; i < 3; i++) {
                driver.control(id, "pause");
                driver.control(id, "resume");
            }
            assertThat(receiver.awaitHeld(60)).isTrue();
            JdbcClient jdbc = first.getBean(JdbcClient.class);
            assertThat(pending(jdbc, hook)).as("pending deliveries behind the one in flight").isGreaterThan(3);

            first.close();
            assertThat(jdbc(properties).sql("SELECT attempts || ':' || coalesce(lease_until::text, 'released') "
                            + "FROM webhook_delivery WHERE webhook_id = ? AND campaign_id = ? AND seq = 3")
                    .params(hook, id).query(String.class).single())
                    .as("the interrupted delivery was handed back").isEqualTo("1:released");
            receiver.letGo();

            ConfigurableApplicationContext second = start(properties);
            try {
                driver.use(api(second), second.getBean(JdbcClient.class));
                driver.control(id, "pause");
                driver.control(id, "abort");
                List<String> expected = driver.notifiable(id, List.of());
                await().atMost(PATIENCE).until(() -> receiver.events("/hook").size() >= expected.size());

                assertThat(receiver.events("/hook")).as("every event, deduped by Flotilla-Event-Id, in order")
                        .containsExactlyElementsOf(expected);
                List<WebhookReceiver.Received> raw = receiver.all("/hook");
                assertThat(raw).as("the interrupted delivery only is repeated").hasSize(expected.size() + 1);
                assertThat(raw.stream().filter(r -> r.eventId().equals(held)))
                        .extracting(WebhookReceiver.Received::attempt).containsExactly(1, 2);
                assertThat(receiver.refused()).isEmpty();
                assertThat(pending(second.getBean(JdbcClient.class), hook)).isZero();
            } finally {
                second.close();
            }
        }
    }

    @Test
    void twoReplicasOnOneDatabaseSendEveryEventOnceAndEachCampaignsEventsInOrder() throws Exception {
        String[] properties = properties("replicas");
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET)) {
            ConfigurableApplicationContext a = start(properties);
            ConfigurableApplicationContext b = start(properties);
            try {
                CampaignDriver viaA = new CampaignDriver(api(a), a.getBean(JdbcClient.class));
                viaA.fleet().addInZones(1, "a");
                String app1 = viaA.application();
                String app2 = viaA.application();
                viaA.hook(Map.of("name", viaA.fleet().name("both"), "url", receiver.url("/both"), "secret", SECRET,
                        "subjects", List.of(app1, app2)));
                viaA.hook(Map.of("name", viaA.fleet().name("one"), "url", receiver.url("/one"), "secret", SECRET,
                        "subjects", List.of(app1), "events", List.of("PAUSED", "RUNNING", "ABORTED")));
                // a slow receiver, so both replicas' deliverers find work while the other is sending
                receiver.answer((eventId, attempt) -> {
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return 200;
                });
                long c1 = viaA.waitingRollout(app1);
                long c2 = viaA.waitingRollout(app2);
                CampaignDriver viaB = new CampaignDriver(api(b), b.getBean(JdbcClient.class));
                for (int i = 0; i < 5; i++) {
                    viaA.control(c1, "pause");
                    viaB.control(c2, "pause");
                    viaB.control(c1, "resume");
                    viaA.control(c2, "resume");
                }
                viaB.control(c1, "abort");
                viaA.control(c2, "abort");
                List<String> expected1 = viaA.notifiable(c1, List.of());
                List<String> expected2 = viaA.notifiable(c2, List.of());
                List<String> one = viaA.notifiable(c1, List.of("PAUSED", "RUNNING", "ABORTED"));
                await().atMost(PATIENCE).until(() -> receiver.all("/both").size()
                        >= expected1.size() + expected2.size() && receiver.all("/one").size() >= one.size());

                List<String> both = receiver.all("/both").stream().map(WebhookReceiver.Received::eventId).toList();
                assertThat(both).as("each event once").doesNotHaveDuplicates()
                        .hasSize(expected1.size() + expected2.size());
                assertThat(both.stream().filter(e -> e.startsWith(c1 + "-")).toList())
                        .containsExactlyElementsOf(expected1);
                assertThat(both.stream().filter(e -> e.startsWith(c2 + "-")).toList())
                        .containsExactlyElementsOf(expected2);
                assertThat(receiver.all("/one")).extracting(WebhookReceiver.Received::eventId)
                        .containsExactlyElementsOf(one);
                assertThat(receiver.all()).allSatisfy(r -> assertThat(r.attempt()).isEqualTo(1));
                assertThat(receiver.refused()).isEmpty();
            } finally {
                b.close();
                a.close();
            }
        }
    }

    private static String[] properties(String name) {
        return new String[] {"spring.datasource.url=" + SharedPostgres.newDatabase(),
                "spring.datasource.username=postgres", "spring.datasource.password=", "server.port=0",
                "flotilla.admin-token=" + CampaignDriver.ADMIN, "flotilla.database=external",
                "flotilla.replicas=2",
                "flotilla.data-dir=" + System.getProperty("java.io.tmpdir") + "/flotilla-webhook-" + name,
                "flotilla.webhooks.poll-interval=100ms", "flotilla.webhooks.shutdown-grace=300ms"};
    }

    private static long pending(JdbcClient jdbc, long hook) {
        return jdbc.sql("SELECT count(*) FROM webhook_delivery WHERE webhook_id = ? AND state = 'PENDING'")
                .param(hook).query(Long.class).single();
    }

    /** A plain connection to the test's database, for looking while no meta-controller runs. */
    private static JdbcClient jdbc(String[] properties) {
        Map<String, String> p = new HashMap<>();
        Arrays.stream(properties).map(s -> s.split("=", 2)).forEach(kv -> p.put(kv[0], kv[1]));
        var source = new org.springframework.jdbc.datasource.DriverManagerDataSource(
                p.get("spring.datasource.url"), "postgres", "");
        return JdbcClient.create(source);
    }

    private static ConfigurableApplicationContext start(String[] properties) {
        return new SpringApplicationBuilder(FlotillaMetaController.class)
                .run(new ArrayList<>(Arrays.asList(properties)).stream().map(p -> "--" + p).toArray(String[]::new));
    }

    private static Api api(ConfigurableApplicationContext context) {
        return new Api(context.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
    }
}
