package dev.flotilla.meta.agentgateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.api.agent.StatusReport;
import dev.flotilla.api.agent.StatusReports;
import dev.flotilla.api.agent.WorkPhase;
import dev.flotilla.meta.support.Api;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@GatewayIntegrationTest
class StatusReportIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    GatewayTestBeans.TestStatusReceiver receiver;

    static StatusReport report(String workId, long seq) {
        return new StatusReport(workId, 1, seq, WorkPhase.BATCH_IN_PROGRESS, 1, 3, null, null);
    }

    @Test
    void routesEachReportToTheReceiverThatOwnsItsWorkItem() {
        String token = new TestFleet(jdbc).registered("status-routed", "READY");
        var reports = new StatusReports(List.of(
                report("test:status-routed:a", 1), report("test:status-routed:b", 2)));

        Api.Reply reply = new Api(port).post(token, "/agent/v1/status", reports);

        assertThat(reply.status()).isEqualTo(204);
        assertThat(receiver.of("status-routed")).extracting(StatusReport::workId)
                .containsExactly("test:status-routed:a", "test:status-routed:b");
    }

    @Test
    void refusesABatchWithAnUnownedWorkIdNamingItAndAppliesNothing() {
        String token = new TestFleet(jdbc).registered("status-unowned", "READY");
        var reports = new StatusReports(List.of(
                report("test:status-unowned:a", 1), report("rollout:nobody-owns-this", 2)));

        Api.Reply reply = new Api(port).post(token, "/agent/v1/status", reports);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.detail()).contains("rollout:nobody-owns-this");
        assertThat(reply.body().path("workId").asString()).isEqualTo("rollout:nobody-owns-this");
        assertThat(receiver.of("status-unowned")).isEmpty();
    }

    @Test
    void answersForbiddenWhenTheReceiverRefusesAnotherClustersWorkItem() {
        String token = new TestFleet(jdbc).registered("status-intruder", "READY");
        var reports = new StatusReports(List.of(report("test:status-victim:a", 1)));

        Api.Reply reply = new Api(port).post(token, "/agent/v1/status", reports);

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.detail()).contains("status-victim");
        assertThat(receiver.of("status-intruder")).isEmpty();
    }

    @Test
    void refusesAnInvalidReportNamingTheField() {
        String token = new TestFleet(jdbc).registered("status-invalid", "READY");

        Api.Reply reply = new Api(port).sendRaw(token, "POST", "/agent/v1/status",
                "{\"reports\":[{\"workId\":\"test:status-invalid:a\",\"generation\":1,\"seq\":-4}]}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.detail()).contains("reports[0].seq", "reports[0].phase");
        assertThat(receiver.of("status-invalid")).isEmpty();
    }
}
