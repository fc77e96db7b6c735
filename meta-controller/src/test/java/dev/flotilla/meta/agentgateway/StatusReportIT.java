package dev.flotilla.meta.agentgateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.api.agent.StatusReport;
import dev.flotilla.api.agent.StatusReports;
import dev.flotilla.api.agent.WorkPhase;
import dev.flotilla.meta.support.Api;
import jakarta.servlet.DispatcherType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The gateway takes reports on the work items it keeps and hands the owning kind those that count. */
@GatewayIntegrationTest
class StatusReportIT {

    private static final String STATUS = "/agent/v1/status";
    private static final String WORK = "/agent/v1/work";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    GatewayTestBeans.TestWork work;

    @Autowired
    GatewayTestBeans.TestWorkOwner owner;

    @Autowired
    GatewayTestBeans.Dispatches dispatches;

    static StatusReport report(String workId, long seq) {
        return new StatusReport(workId, 1, seq, WorkPhase.BATCH_IN_PROGRESS, 1, 3, null, null);
    }

    private List<String> received(long clusterId) {
        return owner.of(clusterId).stream().map(r -> r.report().workId()).toList();
    }

    @Test
    void routesEachReportToTheKindThatOwnsItsWorkItemWithItsPayload() {
        TestFleet fleet = new TestFleet(jdbc);
        String token = fleet.registered("status-routed", "READY");
        long id = fleet.id("status-routed");
        work.put(id, "test:status-routed:a");
        work.put(id, "test:status-routed:b");
        var reports = new StatusReports(List.of(
                report("test:status-routed:a", 1), report("test:status-routed:b", 2)));

        Api.Reply reply = new Api(port).post(token, "/agent/v1/status", reports);

        assertThat(reply.status()).isEqualTo(204);
        assertThat(received(id)).containsExactlyInAnyOrder("test:status-routed:a", "test:status-routed:b");
        assertThat(owner.of(id)).allSatisfy(r -> {
            assertThat(r.item().kind()).isEqualTo(GatewayTestBeans.KIND);
            assertThat(r.item().clusterId()).isEqualTo(id);
            assertThat(r.payload().get("item")).isEqualTo(r.report().workId());
        });
    }

    /** Fails on answers made through Spring MVC's deferred results, which the container dispatches again. */
    @Test
    void reportsAndLongPollsAreAnsweredOnTheirResponseWithoutASecondDispatch() {
        TestFleet fleet = new TestFleet(jdbc);
        String token = fleet.registered("status-direct", "READY");
        long id = fleet.id("status-direct");
        work.put(id, "test:status-direct:a");
        Api api = new Api(port);
        int reports = dispatches.of(DispatcherType.REQUEST, STATUS);
        int asyncReports = dispatches.of(DispatcherType.ASYNC, STATUS);
        int polls = dispatches.of(DispatcherType.REQUEST, WORK);
        int asyncPolls = dispatches.of(DispatcherType.ASYNC, WORK);

        for (int seq = 1; seq <= 3; seq++) {
            assertThat(api.post(token, STATUS, new StatusReports(List.of(report("test:status-direct:a", seq))))
                    .status()).isEqualTo(204);
        }
        fleet.bumpWork(id);
        long generation = fleet.workGeneration(id);
        Api.Reply ranOut = api.get(token, WORK + "?generation=" + generation + "&timeoutSeconds=1");
        Api.Reply behind = api.get(token, WORK + "?generation=0");

        assertThat(ranOut.status()).isEqualTo(204);
        assertThat(behind.status()).isEqualTo(200);
        assertThat(behind.contentType()).isEqualTo("application/json");
        assertThat(behind.body().path("generation").asLong()).isEqualTo(generation);
        assertThat(behind.body().path("items").get(0).path("workId").asString()).isEqualTo("test:status-direct:a");
        assertThat(owner.of(id)).extracting(r -> r.report().seq()).containsExactly(1L, 2L, 3L);
        assertThat(dispatches.of(DispatcherType.REQUEST, STATUS)).isEqualTo(reports + 3);
        assertThat(dispatches.of(DispatcherType.REQUEST, WORK)).isEqualTo(polls + 2);
        assertThat(dispatches.of(DispatcherType.ASYNC, STATUS)).isEqualTo(asyncReports);
        assertThat(dispatches.of(DispatcherType.ASYNC, WORK)).isEqualTo(asyncPolls);
    }

    @Test
    void countsAReportOnceForTheItemsCurrentGenerationAndANewerSeqOnly() {
        TestFleet fleet = new TestFleet(jdbc);
        String token = fleet.registered("status-once", "READY");
        long id = fleet.id("status-once");
        work.put(id, "test:status-once:a");
        Api api = new Api(port);

        assertThat(api.post(token, "/agent/v1/status", new StatusReports(List.of(report("test:status-once:a", 5))))
                .status()).isEqualTo(204);
        assertThat(api.post(token, "/agent/v1/status", new StatusReports(List.of(report("test:status-once:a", 5))))
                .status()).as("the same seq again").isEqualTo(204);
        assertThat(api.post(token, "/agent/v1/status", new StatusReports(List.of(report("test:status-once:a", 4))))
                .status()).as("an older seq").isEqualTo(204);
        assertThat(api.post(token, "/agent/v1/status", new StatusReports(List.of(
                new StatusReport("test:status-once:a", 2, 9, WorkPhase.SUCCEEDED, 1, 1, null, null))))
                .status()).as("a generation the item never had").isEqualTo(204);

        assertThat(owner.of(id)).extracting(r -> r.report().seq()).containsExactly(5L);
    }

    @Test
    void ignoresALateReportOnAnItemTheClusterCarriedBeforeAndAppliesTheRest() {
        TestFleet fleet = new TestFleet(jdbc);
        String token = fleet.registered("status-late", "READY");
        long id = fleet.id("status-late");
        work.put(id, "test:status-late:now");
        var reports = new StatusReports(List.of(report("test:status-late:replaced", 1),
                report("test:status-late:now", 2)));

        assertThat(new Api(port).post(token, "/agent/v1/status", reports).status()).isEqualTo(204);
        assertThat(received(id)).containsExactly("test:status-late:now");
    }

    @Test
    void refusesABatchWithAnUnownedWorkIdNamingItAndAppliesNothing() {
        TestFleet fleet = new TestFleet(jdbc);
        String token = fleet.registered("status-unowned", "READY");
        long id = fleet.id("status-unowned");
        work.put(id, "test:status-unowned:a");
        var reports = new StatusReports(List.of(
                report("test:status-unowned:a", 1), report("rollout:nobody-owns-this", 2)));

        Api.Reply reply = new Api(port).post(token, "/agent/v1/status", reports);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.detail()).contains("rollout:nobody-owns-this");
        assertThat(reply.body().path("workId").asString()).isEqualTo("rollout:nobody-owns-this");
        assertThat(received(id)).isEmpty();
    }

    @Test
    void answersForbiddenForAnotherClustersWorkItemAndAppliesNothingOfTheBatch() {
        TestFleet fleet = new TestFleet(jdbc);
        String token = fleet.registered("status-intruder", "READY");
        long intruder = fleet.id("status-intruder");
        fleet.registered("status-victim", "READY");
        long victim = fleet.id("status-victim");
        work.put(victim, "test:status-victim:a");
        work.put(intruder, "test:status-intruder:a");
        var reports = new StatusReports(List.of(report("test:status-intruder:a", 1),
                report("test:status-victim:a", 1)));

        Api.Reply reply = new Api(port).post(token, "/agent/v1/status", reports);

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.detail()).contains("test:status-victim:a", "status-intruder");
        assertThat(received(intruder)).isEmpty();
        assertThat(jdbc.sql("SELECT reported_seq FROM work_item WHERE carrier_id = ?").param(intruder)
                .query(Long.class).single()).as("nothing of the batch recorded").isEqualTo(-1L);
    }

    @Test
    void refusesAnInvalidReportNamingTheField() {
        TestFleet fleet = new TestFleet(jdbc);
        String token = fleet.registered("status-invalid", "READY");

        Api.Reply reply = new Api(port).sendRaw(token, "POST", "/agent/v1/status",
                "{\"reports\":[{\"workId\":\"test:status-invalid:a\",\"generation\":1,\"seq\":-4}]}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.detail()).contains("reports[0].seq", "reports[0].phase");
        assertThat(received(fleet.id("status-invalid"))).isEmpty();
    }
}
