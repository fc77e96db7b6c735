package dev.flotilla.meta.upgrade;

import static dev.flotilla.meta.support.Fleet.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.flotilla.meta.support.Api;
import dev.flotilla.meta.support.Fleet;
import dev.flotilla.meta.support.IntegrationTest;
import dev.flotilla.meta.support.SseReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class UpgradeCampaignStreamIT extends UpgradeExecutionHarness {

    /** Reads until the stream ends: a stream that never ends fails the test instead of hanging it. */
    private static final int UNTIL_THE_END = Integer.MAX_VALUE;

    private long start(Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(Map.of("clusters", Map.of("selector", fleet.selector()),
                "targetVersion", "1.32"));
        body.putAll(extra);
        Api.Reply reply = api.post(ADMIN, "/api/v1/upgrades", body);
        assertThat(reply.status()).as(reply.raw()).isEqualTo(201);
        return reply.body().path("id").asLong();
    }

    private String stream(long id) {
        return "/api/v1/upgrades/campaigns/" + id + "/events/stream";
    }

    private List<JsonNode> pagedEvents(long id) {
        List<JsonNode> events = new ArrayList<>();
        api.get(ADMIN, "/api/v1/upgrades/campaigns/" + id + "/events?limit=1000").body().path("items")
                .forEach(events::add);
        return events;
    }

    @Test
    void streamsALiveCampaignsEventsUntilItSucceedsAndResumesAfterTheLastSeenSeq() throws Exception {
        String host = fleet.host("host");
        fleet.tenant("s1", host, "1.31", "1.31");
        fleet.tenant("s2", host, "1.31", "1.31");
        long id = start(Map.of("maxConcurrency", 1));
        CompletableFuture<List<JsonNode>> live = CompletableFuture.supplyAsync(() -> read(stream(id), null));

        HostAgent agent = new HostAgent(fleet, host);
        while (!campaign(id).path("state").asString().equals("SUCCEEDED")) {
            await().atMost(PATIENCE).until(() -> !agent.open().isEmpty()
                    || campaign(id).path("state").asString().equals("SUCCEEDED"));
            agent.finishOpen(t -> true);
        }

        List<JsonNode> all = live.get(60, TimeUnit.SECONDS);
        List<JsonNode> paged = pagedEvents(id);
        assertThat(all).as("the stream sent everything, then ended on SUCCEEDED").hasSameSizeAs(paged);
        assertThat(all.get(0).path("seq").asLong()).isEqualTo(1);
        assertThat(all.get(0).path("type").asString()).isEqualTo("CREATED");
        assertThat(all.get(all.size() - 1).path("type").asString()).isEqualTo("SUCCEEDED");
        assertThat(all.stream().filter(e -> e.path("type").asString().equals("TARGET_SUCCEEDED")).count())
                .isEqualTo(2);
        assertThat(all.stream().map(e -> e.path("seq").asLong()).toList())
                .isEqualTo(paged.stream().map(e -> e.path("seq").asLong()).toList());

        List<JsonNode> resumed = read(stream(id), "3");
        List<JsonNode> after = read(stream(id) + "?after=5", null);
        assertThat(resumed).hasSize(all.size() - 3);
        assertThat(resumed.get(0).path("seq").asLong()).isEqualTo(4);
        assertThat(after.get(0).path("seq").asLong()).isEqualTo(6);
    }

    @Test
    void theStreamOfAnAbortedCampaignEndsBecauseAnUpgradeCannotBeRolledBack() {
        String host = fleet.host("host");
        fleet.tenant("x1", host, "1.31", "1.31");
        fleet.tenant("x2", host, "1.31", "1.31");
        long id = start(Map.of("maxConcurrency", 1));
        HostAgent agent = new HostAgent(fleet, host);
        await().atMost(PATIENCE).until(() -> !agent.open().isEmpty());
        assertThat(api.post(ADMIN, "/api/v1/upgrades/campaigns/" + id + "/abort", null).status()).isEqualTo(200);

        List<JsonNode> events = read(stream(id), null);

        assertThat(events.stream().map(e -> e.path("type").asString())).contains("CREATED", "ABORTED");
    }

    @Test
    void anUnknownCampaignARolloutAndAnotherTenantsCampaignAre404Problems() throws Exception {
        String host = fleet.host("host");
        fleet.tenant("n1", host, "1.31", "1.31");
        long id = start(Map.of());
        long rollout = rollout(fleet.member("n-member"));
        String otherTenant = new Fleet(api, jdbc).token(fleet.name("globex-viewer"), "viewer", "globex");

        assertProblem(new SseReader(port, ADMIN).refusal(stream(999_999_999L)), 404, "upgrade campaign", "999999999");
        assertProblem(new SseReader(port, ADMIN).refusal(stream(rollout)), 404, "upgrade campaign");
        assertProblem(new SseReader(port, otherTenant).refusal(stream(id)), 404, "upgrade campaign");
        assertProblem(new SseReader(port, ADMIN).refusal(stream(id) + "?after=x"), 400, "after");
        assertThat(new SseReader(port, ADMIN).read(stream(id), null, 1).get(0).path("type").asString())
                .as("the same campaign is open to admins").isEqualTo("CREATED");
    }

    private List<JsonNode> read(String path, String lastEventId) {
        return assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> new SseReader(port, ADMIN).read(path, lastEventId, UNTIL_THE_END));
    }

    /** A rollout on one cluster: a campaign of another kind. */
    private long rollout(String cluster) {
        String app = application(1);
        Api.Reply created = api.post(ADMIN, "/api/v1/rollouts", Map.of("application", app, "revision", 1,
                "clusters", Map.of("names", List.of(cluster))));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.body().path("id").asLong();
    }
}
