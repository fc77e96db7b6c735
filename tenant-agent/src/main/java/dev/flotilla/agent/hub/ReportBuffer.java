package dev.flotilla.agent.hub;

import dev.flotilla.agent.reconcile.ReportSink;
import dev.flotilla.api.agent.StatusReport;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reports waiting for delivery, oldest first. Bounded: when full, the oldest report of a work item that has a newer
 * one goes first (the newest per item wins); only if every item has a single report is the oldest report dropped.
 * While the meta-controller is reachable the buffer holds a report or two, so nothing is lost in an outage shorter
 * than the buffer.
 */
public final class ReportBuffer implements ReportSink {

    private final int capacity;
    private final ArrayDeque<StatusReport> reports = new ArrayDeque<>();
    private final Runnable onReport;
    private long dropped;
    private long accepted;

    public ReportBuffer(int capacity, Runnable onReport) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
        this.onReport = onReport;
    }

    @Override
    public void report(StatusReport report) {
        synchronized (this) {
            if (reports.size() >= capacity && !dropSuperseded(report)) {
                reports.pollFirst();
                dropped++;
            }
            reports.addLast(report);
            accepted++;
        }
        onReport.run();
    }

    /** Drops the oldest report whose work item has a newer one (the incoming report counts). */
    private boolean dropSuperseded(StatusReport incoming) {
        Map<String, Integer> counts = new HashMap<>();
        counts.put(incoming.workId(), 1);
        reports.forEach(r -> counts.merge(r.workId(), 1, Integer::sum));
        Iterator<StatusReport> it = reports.iterator();
        while (it.hasNext()) {
            if (counts.get(it.next().workId()) > 1) {
                it.remove();
                return true;
            }
        }
        return false;
    }

    /** Up to {@code max} of the oldest reports, left in the buffer until {@link #delivered}. */
    public synchronized List<StatusReport> oldest(int max) {
        List<StatusReport> batch = new ArrayList<>(Math.min(max, reports.size()));
        Iterator<StatusReport> it = reports.iterator();
        while (it.hasNext() && batch.size() < max) {
            batch.add(it.next());
        }
        return batch;
    }

    /** Removes reports the meta-controller took (those compacted away meanwhile are already gone). */
    public synchronized void delivered(List<StatusReport> batch) {
        Set<StatusReport> sent = Collections.newSetFromMap(new IdentityHashMap<>());
        sent.addAll(batch);
        reports.removeIf(sent::contains);
    }

    public synchronized int size() {
        return reports.size();
    }

    /** Reports taken since start. */
    public synchronized long accepted() {
        return accepted;
    }

    /** Reports lost to the bound since start. */
    public synchronized long dropped() {
        return dropped;
    }
}
