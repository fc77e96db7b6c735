package dev.flotilla.agent.reconcile;

import dev.flotilla.agent.backend.ClusterBackend;
import dev.flotilla.api.agent.StatusReport;
import dev.flotilla.api.agent.WorkItem;
import dev.flotilla.api.agent.WorkPhase;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converges one cluster on its work items, level-triggered: every {@link #reconcile()} reads the cluster and takes
 * the next step of every item that is not finished at its generation, and reports an item when its standing changed.
 * Calls must not overlap (the agent runs them one at a time on a shared scheduler).
 */
public final class WorkReconciler {

    private static final Logger log = LoggerFactory.getLogger(WorkReconciler.class);

    private final String cluster;
    private final ReportSink sink;
    private final Clock clock;
    private final PartitionDriver partitions;
    private final JobDriver jobs;
    private final BundleDriver bundles;
    private final Map<String, ItemState> states = new HashMap<>(4);
    private volatile List<WorkItem> items = List.of();
    /** The list {@link #states} was last pruned to (pruned again only when a new list arrives). */
    private List<WorkItem> prunedTo = List.of();
    /** How many work lists were accepted: a pass that found nothing to do is only good until the next one. */
    private final AtomicLong accepted = new AtomicLong();
    /** The {@link #accepted} count a pass started at and found every item finished at its generation; -1 if not. */
    private volatile long settledAt = -1;

    public WorkReconciler(String cluster, ClusterBackend backend, ReportSink sink, Clock clock) {
        this.cluster = cluster;
        this.sink = sink;
        this.clock = clock;
        ItemApplier applier = new ItemApplier(backend);
        this.partitions = new PartitionDriver(backend, applier, clock);
        this.jobs = new JobDriver(backend, applier, clock);
        this.bundles = new BundleDriver(backend, partitions, jobs);
    }

    /** Takes the cluster's work as the meta-controller answered it; items no longer listed are dropped. */
    public void accept(List<WorkItem> work) {
        this.items = List.copyOf(work);
        accepted.incrementAndGet();
    }

    /**
     * Whether a pass would do nothing: the last one found every item finished at its generation and no work arrived
     * since. A finished item is never stepped again (it is skipped below), so its agent's periodic ticks may be left
     * out until new work comes; with thousands of simulated agents most of them are settled at any moment.
     */
    public boolean settled() {
        return settledAt == accepted.get();
    }

    /** One pass over every work item. */
    public synchronized void reconcile() {
        // read before the list: work accepted during the pass makes the count move on, and the agent unsettled
        long acceptedBefore = accepted.get();
        boolean nothingToDo = true;
        List<WorkItem> current = items;
        if (current != prunedTo) {
            // once per answer, not per pass: thousands of simulated agents pass every half second
            Set<String> ids = current.stream().map(WorkItem::workId).collect(Collectors.toSet());
            states.keySet().retainAll(ids);
            prunedTo = current;
        }
        for (WorkItem item : current) {
            ItemState state = states.computeIfAbsent(item.workId(), id -> new ItemState());
            if (state.terminalGeneration == item.generation()) {
                continue;
            }
            nothingToDo = false;
            try {
                drive(item, state);
            } catch (RuntimeException e) {
                // level-triggered: the next pass reads the cluster again and retries the step
                log.warn("cluster {} work {}: step failed, retrying on the next pass: {}", cluster, item.workId(),
                        e.toString());
            }
        }
        settledAt = nothingToDo ? acceptedBefore : -1;
    }

    private void drive(WorkItem item, ItemState state) {
        if (item.bundle()) {
            bundles.drive(item, state, outcome -> emit(item, state, outcome));
        } else if (item.kind() == dev.flotilla.api.agent.WorkloadKind.BroadcastJob) {
            jobs.drive(item, state, outcome -> emit(item, state, outcome));
        } else {
            partitions.drive(item, state, outcome -> emit(item, state, outcome));
        }
    }

    private void emit(WorkItem item, ItemState state, Outcome outcome) {
        if (state.terminalGeneration == item.generation() || outcome.equals(state.last)) {
            return;
        }
        if (state.last == null || state.last.phase() != outcome.phase() || state.last.batch() != outcome.batch()) {
            log.info("cluster {} work {} generation {}: {} batch {}/{} ({})", cluster, item.workId(),
                    item.generation(), outcome.phase(), outcome.batch(), outcome.batches(), outcome.message());
        }
        state.last = outcome;
        // seq must grow across agent restarts too: the wall clock carries it over, +1 within the same millisecond
        state.seq = Math.max(state.seq + 1, clock.millis());
        if (outcome.phase().terminal()) {
            state.terminalGeneration = item.generation();
        }
        sink.report(new StatusReport(item.workId(), item.generation(), state.seq, outcome.phase(), outcome.batch(),
                outcome.batches(), outcome.observed(), truncate(outcome.message()), outcome.resources()));
    }

    /** The generation of every work item the agent holds, by workId (for diagnostics, tests and the benchmark). */
    public Map<String, Long> generations() {
        Map<String, Long> generations = new HashMap<>();
        items.forEach(item -> generations.put(item.workId(), item.generation()));
        return generations;
    }

    /** The phase last reported per work item (for diagnostics and tests). */
    public synchronized Map<String, WorkPhase> phases() {
        Map<String, WorkPhase> phases = new HashMap<>();
        states.forEach((id, s) -> {
            if (s.last != null) {
                phases.put(id, s.last.phase());
            }
        });
        return phases;
    }

    private static String truncate(String message) {
        return message == null || message.length() <= 2000 ? message : message.substring(0, 1997) + "...";
    }
}
