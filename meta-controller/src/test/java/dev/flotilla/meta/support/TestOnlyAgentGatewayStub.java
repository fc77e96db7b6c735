package dev.flotilla.meta.support;

import dev.flotilla.api.agent.StatusReport;
import dev.flotilla.api.agent.StatusReports;
import dev.flotilla.api.agent.WorkItem;
import dev.flotilla.api.agent.WorkResponse;
import dev.flotilla.meta.agentgateway.AgentCaller;
import dev.flotilla.meta.agentgateway.ClusterWorkSource;
import dev.flotilla.meta.agentgateway.StatusReceiver;
import dev.flotilla.meta.web.FlotillaException;
import jakarta.validation.Valid;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * TEST ONLY, to be deleted when the real agent gateway is merged: the two agent endpoints the rollout tests
 * need, without the long poll. GET /agent/v1/work merges every {@link ClusterWorkSource}; POST /agent/v1/status
 * hands each report to the {@link StatusReceiver} that owns its work id.
 */
@RestController
class TestOnlyAgentGatewayStub {

    private final List<ClusterWorkSource> sources;
    private final List<StatusReceiver> receivers;
    private final JdbcClient jdbc;

    TestOnlyAgentGatewayStub(List<ClusterWorkSource> sources, List<StatusReceiver> receivers, JdbcClient jdbc) {
        this.sources = sources;
        this.receivers = receivers;
        this.jdbc = jdbc;
    }

    @GetMapping("/agent/v1/work")
    WorkResponse work(@AuthenticationPrincipal AgentCaller agent) {
        long generation = jdbc.sql("SELECT work_generation FROM cluster WHERE id = ?").param(agent.clusterId())
                .query(Long.class).single();
        List<WorkItem> items = new ArrayList<>();
        sources.forEach(source -> items.addAll(source.workFor(agent.clusterId())));
        return new WorkResponse(generation, items);
    }

    @PostMapping("/agent/v1/status")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void status(@AuthenticationPrincipal AgentCaller agent, @Valid @RequestBody StatusReports body) {
        Map<StatusReceiver, List<StatusReport>> routed = new LinkedHashMap<>();
        for (StatusReport report : body.reports()) {
            StatusReceiver receiver = receivers.stream().filter(r -> r.owns(report.workId())).findFirst()
                    .orElseThrow(() -> FlotillaException.badInput("unknown work item '" + report.workId() + "'"));
            routed.computeIfAbsent(receiver, r -> new ArrayList<>()).add(report);
        }
        routed.forEach((receiver, reports) -> receiver.receive(agent, reports));
    }
}
