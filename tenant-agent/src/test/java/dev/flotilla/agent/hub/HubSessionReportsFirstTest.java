package dev.flotilla.agent.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flotilla.agent.hub.StubHub.Answer;
import dev.flotilla.api.agent.StatusReport;
import dev.flotilla.api.agent.WorkPhase;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * New work's first reports go out before the next poll parks, so an agent reached by a rollout holds one connection
 * to the meta-controller instead of a parked poll and a report at once; a delivery that keeps failing delays the poll
 * only so long.
 */
class HubSessionReportsFirstTest {

    private static final String WORK = """
            {"generation":1,"items":[]}""";
    private static final String OVERLOADED = """
            {"type":"https://flotilla.dev/problems/overloaded","title":"Overloaded","status":503}""";

    private final StubHub hub = new StubHub();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final HubResilience resilience = new HubResilience(Duration.ofMillis(10), Duration.ofMillis(50));
    private final HubClient client = new HubClient(HttpClient.newHttpClient(), JsonMapper.builder().build(),
            hub.uri(), Duration.ofSeconds(5));

    @AfterEach
    void close() {
        scheduler.shutdownNow();
        hub.close();
    }

    /** A session whose work callback makes one report at once, as the reconciler does for new work. */
    private HubSession session(ReportBuffer[] buffer) {
        return session(buffer, scheduler);
    }

    /** The same, its reports sent from {@code reportLane} (as TenantAgent's are from AgentRuntime.later). */
    private HubSession session(ReportBuffer[] buffer, Executor reportLane) {
        TokenStore tokens = TokenStore.inMemory();
        tokens.save("fla_stored");
        AtomicReference<HubSession> holder = new AtomicReference<>();
        buffer[0] = new ReportBuffer(100, () -> {
            if (holder.get() != null) {
                reportLane.execute(holder.get()::flush);
            }
        });
        HubSession session = new HubSession("reports-first", client, resilience, scheduler, tokens, null, 1,
                () -> HubClientSkewTest.FACTS,
                work -> buffer[0].report(new StatusReport("w", work.generation(), 1, WorkPhase.BATCH_IN_PROGRESS, 1,
                        2, null, null)), buffer[0]);
        holder.set(session);
        if (reportLane != scheduler) {
            session.reportsOn(reportLane);
        }
        return session;
    }

    @Test
    void theNextPollWaitsUntilTheReportsOfNewWorkWereTaken() {
        // the report is shed once (Retry-After 1 s): delivered about a second after the work arrived
        hub.on("/agent/v1/work", Answer.json(200, WORK), Answer.empty(204))
                .on("/agent/v1/status", Answer.json(503, OVERLOADED).with("Retry-After", "1"), Answer.empty(204))
                .on("/agent/v1/facts", Answer.empty(204));
        ReportBuffer[] buffer = new ReportBuffer[1];
        HubSession session = session(buffer);

        session.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> hub.to("/agent/v1/work").size() >= 2);
        session.stop();

        List<StubHub.Request> polls = hub.to("/agent/v1/work");
        List<StubHub.Request> reports = hub.to("/agent/v1/status");
        assertThat(reports).hasSizeGreaterThanOrEqualTo(2);
        assertThat(polls.get(1).nanos())
                .as("the second poll is sent after the report was taken, not beside it")
                .isGreaterThan(reports.get(1).nanos());
        assertThat(buffer[0].size()).isZero();
        assertThat(polls.get(1).path()).isEqualTo("/agent/v1/work");
    }

    @Test
    void theReportsOfNewWorkAreSentFromTheReportLaneAndTheNextPollStillWaitsForThem() throws InterruptedException {
        hub.on("/agent/v1/work", Answer.json(200, WORK), Answer.empty(204))
                .on("/agent/v1/status", Answer.empty(204))
                .on("/agent/v1/facts", Answer.empty(204));
        // a lane that runs nothing until the test says so: the answers of other agents still waiting
        BlockingQueue<Runnable> held = new LinkedBlockingQueue<>();
        ReportBuffer[] buffer = new ReportBuffer[1];
        HubSession session = session(buffer, held::add);

        session.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> !held.isEmpty());
        Thread.sleep(300);
        assertThat(hub.to("/agent/v1/status")).as("nothing sent while the lane holds the sends").isEmpty();
        assertThat(hub.to("/agent/v1/work")).as("nor polled again").hasSize(1);
        assertThat(buffer[0].size()).isEqualTo(1);

        for (Runnable send; (send = held.poll()) != null; ) {
            scheduler.execute(send);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> hub.to("/agent/v1/work").size() >= 2);
        session.stop();

        List<StubHub.Request> reports = hub.to("/agent/v1/status");
        assertThat(reports).hasSize(1);
        assertThat(hub.to("/agent/v1/work").get(1).nanos()).as("polled again once the report was taken")
                .isGreaterThan(reports.get(0).nanos());
        assertThat(buffer[0].size()).isZero();
    }

    @Test
    void aDeliveryThatKeepsFailingDelaysTheNextPollOnlySoLong() {
        hub.on("/agent/v1/work", Answer.json(200, WORK), Answer.empty(204))
                .on("/agent/v1/status", Answer.json(503, OVERLOADED).with("Retry-After", "30"))
                .on("/agent/v1/facts", Answer.empty(204));
        ReportBuffer[] buffer = new ReportBuffer[1];
        HubSession session = session(buffer);
        session.reportsBeforePoll(Duration.ofMillis(500));

        session.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> hub.to("/agent/v1/work").size() >= 2);
        session.stop();

        List<StubHub.Request> polls = hub.to("/agent/v1/work");
        long gap = TimeUnit.NANOSECONDS.toMillis(polls.get(1).nanos() - polls.get(0).nanos());
        assertThat(gap).as("polled again after the bound, though the report is still refused")
                .isBetween(450L, 3000L);
        assertThat(buffer[0].size()).as("the report waits in the buffer").isEqualTo(1);
        assertThat(hub.to("/agent/v1/status")).hasSize(1);
    }
}
