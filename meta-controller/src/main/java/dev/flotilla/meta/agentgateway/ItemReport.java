package dev.flotilla.meta.agentgateway;

import dev.flotilla.api.agent.StatusReport;
import java.util.Map;

/**
 * A report that passed the gateway's idempotency filter (the item's current generation, a newer seq), with the item
 * it is about, for the owning kind.
 *
 * @param carrierId the cluster whose agent reported (it runs the item)
 * @param payload what the kind stored with the item ({@link WorkSpec#payload()})
 */
public record ItemReport(ItemRef item, long carrierId, Map<String, Object> payload, boolean rollback,
        StatusReport report) {

    /** A number the kind stored in the payload. */
    public long number(String key) {
        return ((Number) payload.get(key)).longValue();
    }
}
