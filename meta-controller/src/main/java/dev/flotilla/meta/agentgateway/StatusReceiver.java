package dev.flotilla.meta.agentgateway;

import dev.flotilla.api.agent.StatusReport;
import java.util.List;

/**
 * Takes the status reports of one agent. Implemented by the feature that owns the work items; a
 * report on a work item of another cluster must be refused (a forbidden problem), none of the batch applied.
 */
public interface StatusReceiver {

    /** Whether this receiver owns the work item (e.g. by its workId prefix). */
    boolean owns(String workId);

    void receive(AgentCaller agent, List<StatusReport> reports);
}
