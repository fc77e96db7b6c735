package dev.flotilla.meta.agentgateway;

import dev.flotilla.api.agent.StatusReport;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Takes the status reports of one agent. Implemented by the feature that owns the work items; a
 * report on a work item of another cluster must be refused (a forbidden problem), none of the batch applied.
 */
public interface StatusReceiver {

    /** Whether this receiver owns the work item (e.g. by its workId prefix). */
    boolean owns(String workId);

    void receive(AgentCaller agent, List<StatusReport> reports);

    /** The newest report per work item by (generation, seq), in first-seen order: older ones change nothing. */
    static Map<String, StatusReport> latestPerItem(List<StatusReport> reports) {
        Comparator<StatusReport> order = Comparator.comparingLong(StatusReport::generation)
                .thenComparingLong(StatusReport::seq);
        Map<String, StatusReport> latest = new LinkedHashMap<>();
        reports.forEach(r -> latest.merge(r.workId(), r, (a, b) -> order.compare(a, b) >= 0 ? a : b));
        return latest;
    }
}
