package dev.flotilla.meta.agentgateway;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The parked polls of this replica, by cluster. Usually one per cluster; a reconnecting agent may leave
 * a second one until the first is answered. Every change to a cluster's list happens inside
 * {@link ConcurrentHashMap#compute}, so a park and a wake of the same cluster never miss each other.
 */
final class WaitingPolls {

    private final ConcurrentHashMap<Long, List<WaitingPoll>> byCluster = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();

    void park(WaitingPoll poll) {
        byCluster.compute(poll.clusterId(), (id, polls) -> {
            List<WaitingPoll> next = polls == null ? new ArrayList<>(1) : new ArrayList<>(polls);
            next.add(poll);
            return next;
        });
        count.incrementAndGet();
    }

    void remove(WaitingPoll poll) {
        byCluster.computeIfPresent(poll.clusterId(), (id, polls) -> {
            List<WaitingPoll> next = new ArrayList<>(polls);
            if (next.remove(poll)) {
                count.decrementAndGet();
            }
            return next.isEmpty() ? null : next;
        });
    }

    /** Removes and returns the cluster's polls whose agents hold a generation older than {@code generation}. */
    List<WaitingPoll> takeOlderThan(long clusterId, long generation) {
        List<WaitingPoll> taken = new ArrayList<>(1);
        byCluster.computeIfPresent(clusterId, (id, polls) -> {
            List<WaitingPoll> kept = new ArrayList<>(polls.size());
            for (WaitingPoll poll : polls) {
                (poll.generation() < generation ? taken : kept).add(poll);
            }
            count.addAndGet(-taken.size());
            return kept.isEmpty() ? null : kept;
        });
        return taken;
    }

    /** Removes and returns every parked poll (shutdown). */
    List<WaitingPoll> takeAll() {
        List<WaitingPoll> taken = new ArrayList<>();
        for (Long clusterId : byCluster.keySet()) {
            taken.addAll(takeOlderThan(clusterId, Long.MAX_VALUE));
        }
        return taken;
    }

    int size() {
        return count.get();
    }
}
