package dev.flotilla.meta.agentgateway;

import dev.flotilla.api.agent.StatusReport;
import dev.flotilla.meta.cluster.AgentCaller;
import dev.flotilla.meta.web.FlotillaException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * Takes one agent's status reports. The request is checked whole before anything is written, and applied in one
 * transaction (shared with other agents' requests by the {@link StatusBatcher}, all of them applied by the same few
 * set-based statements), so a refused report leaves nothing of its request applied:
 * <ol>
 * <li>the newest report per item counts; a work id no kind owns is bad input (400);</li>
 * <li>an item not on the agent's list must be one its cluster carried before (a late report, ignored), else the
 *     request is forbidden (403);</li>
 * <li>the campaign targets are locked first ({@link WorkTargets}), then the idempotency filter records the reports
 *     that are about the item's current generation and newer than the last one counted;</li>
 * <li>those go to the owning kind's one callback, {@link WorkOwner#reported}.</li>
 * </ol>
 */
@Service
public class StatusRouter {

    private static final Comparator<StatusReport> ORDER = Comparator.comparingLong(StatusReport::generation)
            .thenComparingLong(StatusReport::seq);

    /** One agent's request: the newest report per item. */
    record Request(AgentCaller agent, Map<String, StatusReport> latest) {
    }

    private final List<WorkOwner> owners;
    private final WorkItemStore store;
    private final WorkTargets targets;
    private final StatusBatcher batcher;
    private final StatusBatcher.Batch<Request> receiver = this::receiveAll;

    StatusRouter(List<WorkOwner> owners, WorkItemStore store, WorkTargets targets, StatusBatcher batcher) {
        this.owners = List.copyOf(owners);
        this.store = store;
        this.targets = targets;
        this.batcher = batcher;
    }

    /** Applies one agent's reports and returns once committed. */
    public void route(AgentCaller agent, List<StatusReport> reports) {
        Map<String, StatusReport> latest = latestPerItem(reports);
        checkOwned(latest.keySet());
        batcher.apply(receiver, new Request(agent, latest));
    }

    /**
     * The agent API's {@code POST /agent/v1/status}: checks the reports and queues them for the status writer; the
     * future completes once they committed (bad input and a full queue are thrown at once).
     */
    public java.util.concurrent.CompletableFuture<Void> submit(AgentCaller agent, List<StatusReport> reports) {
        Map<String, StatusReport> latest = latestPerItem(reports);
        checkOwned(latest.keySet());
        return batcher.submit(receiver, new Request(agent, latest));
    }

    /** The longest a submitted request's future stays open (then it fails with a 503 overloaded problem). */
    java.time.Duration commitWait() {
        return batcher.commitWait();
    }

    /**
     * Every request the status writer drained, in its one transaction, with one statement per step for all of
     * them: read the named items, check each request's items are its cluster's (a request that names another's is
     * refused alone, before anything is written), lock the targets, filter, and hand each kind all its reports.
     */
    private void receiveAll(List<Request> requests) {
        Map<Long, Map<String, StatusReport>> byCarrier = new LinkedHashMap<>();
        for (Request request : requests) {
            // an agent may have two requests in one batch (a retry): the newest report per item counts
            byCarrier.merge(request.agent().clusterId(), request.latest(), (a, b) -> {
                Map<String, StatusReport> merged = new LinkedHashMap<>(a);
                b.forEach((id, r) -> merged.merge(id, r, (x, y) -> ORDER.compare(x, y) >= 0 ? x : y));
                return merged;
            });
        }
        Map<Long, Set<String>> workIds = new HashMap<>();
        byCarrier.forEach((carrier, latest) -> workIds.put(carrier, latest.keySet()));
        List<WorkItemStore.CarriedRef> refs = store.refs(workIds);
        Set<String> onList = new HashSet<>();
        refs.forEach(r -> onList.add(r.carrierId() + "/" + r.item().workId()));
        for (Request request : requests) {
            AgentCaller agent = request.agent();
            for (String workId : request.latest().keySet()) {
                if (!onList.contains(agent.clusterId() + "/" + workId)
                        && !owner(workId).orElseThrow().carried(agent.clusterId(), workId)) {
                    throw new StatusBatcher.Refusal(request, FlotillaException.forbidden("work item '" + workId
                            + "' is not work of cluster '" + agent.cluster() + "' (its agent neither runs it nor ran "
                            + "it); no report of this batch was applied").with("cluster", agent.cluster())
                            .with("workId", workId));
                }
            }
        }
        targets.lock(refs.stream().map(WorkItemStore.CarriedRef::item).toList());
        Map<Long, java.util.Collection<StatusReport>> reports = new LinkedHashMap<>();
        byCarrier.forEach((carrier, latest) -> reports.put(carrier, latest.values()));
        Map<String, List<ItemReport>> byKind = new LinkedHashMap<>();
        store.filterNewer(reports).forEach(r -> byKind.computeIfAbsent(r.item().kind(), k -> new ArrayList<>()).add(r));
        byKind.forEach((kind, applied) -> owners.stream().filter(o -> o.kind().equals(kind)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no owner of work kind " + kind)).reported(applied));
    }

    /** A report under a prefix no kind owns is bad input naming it. */
    private void checkOwned(Set<String> workIds) {
        List<String> unowned = workIds.stream().filter(id -> owner(id).isEmpty()).toList();
        if (!unowned.isEmpty()) {
            String names = unowned.stream().limit(10).map(id -> "'" + id + "'").collect(Collectors.joining(", "));
            throw FlotillaException.badInput("no work item known for workId " + names + "; nothing was applied")
                    .with("workId", unowned.get(0));
        }
    }

    private Optional<WorkOwner> owner(String workId) {
        return owners.stream().filter(o -> workId != null && workId.startsWith(o.workIdPrefix())).findFirst();
    }

    /** The newest report per work item by (generation, seq), in first-seen order: older ones change nothing. */
    static Map<String, StatusReport> latestPerItem(List<StatusReport> reports) {
        Map<String, StatusReport> latest = new LinkedHashMap<>();
        reports.forEach(r -> latest.merge(r.workId(), r, (a, b) -> ORDER.compare(a, b) >= 0 ? a : b));
        return latest;
    }
}
