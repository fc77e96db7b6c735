package dev.flotilla.sim.bench;

import dev.flotilla.api.agent.AgentProtocol;
import dev.flotilla.api.agent.StatusReport;
import dev.flotilla.api.agent.StatusReports;
import dev.flotilla.api.agent.WorkPhase;
import dev.flotilla.sim.fleet.SimulatedAgent;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.json.JsonMapper;

/**
 * Status reports at saturation, with the client and concurrency of the {@link NoopCeiling}: each agent (up to the
 * same number in flight) reports on its work item in a closed loop, every report with a new sequence number, so the
 * whole report path runs for each (the agent's token, JSON and validation, the status writer's group commit with
 * its statements: the items read, the targets locked, the newer-than filter, the kind's update) although the
 * rollout it reports on has ended and its targets no longer change.
 */
final class ReportCeiling {

    private final NoopCeiling loop;
    private final JsonMapper json = JsonMapper.builder().build();
    private final AtomicLong seq = new AtomicLong(System.currentTimeMillis() * 1000);

    ReportCeiling(NoopCeiling loop) {
        this.loop = loop;
    }

    /** Every agent with a work item (at most {@code concurrency}) reports in a closed loop for {@code duration}. */
    NoopCeiling.Result run(List<SimulatedAgent> agents, List<URI> hubs, Duration duration, int concurrency)
            throws InterruptedException {
        List<NoopCeiling.Caller> requests = new ArrayList<>();
        for (int i = 0; i < agents.size() && requests.size() < concurrency; i++) {
            SimulatedAgent agent = agents.get(i);
            URI status = hubs.get(i % hubs.size()).resolve("/agent/v1/status");
            Map<String, Long> generations = agent.workGenerations();
            if (agent.agentToken().isEmpty() || generations.isEmpty()) {
                continue;
            }
            String token = agent.agentToken().get();
            Map.Entry<String, Long> item = generations.entrySet().iterator().next();
            requests.add(new NoopCeiling.Caller(loop.http(agent), () -> HttpRequest.newBuilder(status)
                    .header("Authorization", "Bearer " + token).header(AgentProtocol.HEADER, AgentProtocol.VERSION)
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(new StatusReports(List.of(
                            new StatusReport(item.getKey(), item.getValue(), seq.incrementAndGet(),
                                    WorkPhase.SUCCEEDED, 1, 1, null, null)))))).build()));
        }
        return NoopCeiling.closedLoop(requests, duration);
    }
}
