package dev.flotilla.meta.agentgateway;

import dev.flotilla.api.agent.StatusReport;
import dev.flotilla.meta.web.FlotillaException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * Hands each status report to the {@link StatusReceiver} that owns its work item. The batch is checked
 * whole before any receiver sees it, and every receiver runs in one transaction (shared with other agents'
 * requests by the {@link StatusBatcher}), so a refused report (unowned, or another cluster's work) leaves
 * nothing of its request applied.
 */
@Service
class StatusRouter {

    private final ObjectProvider<StatusReceiver> receivers;
    private final StatusBatcher batcher;

    StatusRouter(ObjectProvider<StatusReceiver> receivers, StatusBatcher batcher) {
        this.receivers = receivers;
        this.batcher = batcher;
    }

    public void route(AgentCaller agent, List<StatusReport> reports) {
        Map<StatusReceiver, List<StatusReport>> routed = assign(reports);
        batcher.apply(() -> routed.forEach((receiver, owned) -> receiver.receive(agent, owned)));
    }

    /** Groups the reports by receiver, keeping their order; a report nobody owns is bad input. */
    private Map<StatusReceiver, List<StatusReport>> assign(List<StatusReport> reports) {
        List<StatusReceiver> known = receivers.orderedStream().toList();
        Map<StatusReceiver, List<StatusReport>> routed = new LinkedHashMap<>();
        List<String> unowned = new ArrayList<>();
        for (StatusReport report : reports) {
            known.stream().filter(receiver -> receiver.owns(report.workId())).findFirst().ifPresentOrElse(
                    receiver -> routed.computeIfAbsent(receiver, r -> new ArrayList<>()).add(report),
                    () -> unowned.add(report.workId()));
        }
        if (!unowned.isEmpty()) {
            String names = unowned.stream().distinct().limit(10).map(id -> "'" + id + "'")
                    .collect(Collectors.joining(", "));
            throw FlotillaException.badInput("no work item known for workId " + names + "; nothing was applied")
                    .with("workId", unowned.get(0));
        }
        return routed;
    }
}
