package dev.flotilla.meta.wave;

import dev.flotilla.meta.cluster.ClusterState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * In-memory campaign targets with the cluster states they depend on, following {@link TargetStore}'s SQL statement
 * by statement: a pending target's cluster and carrier (its own cluster unless the campaign named another) decide
 * whether it is skipped or a candidate; positions number the whole plan from 1, as the insert's ordinality does;
 * {@link #apply} moves a state only where {@link TargetState#canMoveTo} allows it.
 * <p>
 * Simplifications: no row locks and no {@code updated_at}; statements answer their rows in plan order (PostgreSQL's
 * RETURNING order is unspecified); several updates of one target in one {@link #apply} are applied in turn (the
 * single UPDATE applies one of them).
 */
final class FakeTargets implements Targets {

    /** One target row. */
    static final class Target {
        final long campaignId;
        final long clusterId;
        final String cluster;
        final int wave;
        final int position;
        final String previous;
        final Long carrierId;
        TargetState state = TargetState.PENDING;
        boolean rollback;
        String message;
        Integer batch;
        Integer batches;
        String observed;

        Target(long campaignId, long clusterId, String cluster, int wave, int position, String previous,
                Long carrierId) {
            this.campaignId = campaignId;
            this.clusterId = clusterId;
            this.cluster = cluster;
            this.wave = wave;
            this.position = position;
            this.previous = previous;
            this.carrierId = carrierId;
        }

        long carrier() {
            return carrierId == null ? clusterId : carrierId;
        }

        Moved moved() {
            return new Moved(clusterId, cluster);
        }
    }

    private final List<Target> rows = new ArrayList<>();
    private final Map<Long, ClusterState> clusterStates = new HashMap<>();
    private final Map<Long, String> clusterNames = new HashMap<>();
    /** The position each search for candidates started after, in call order. */
    final List<Integer> searchedAfter = new ArrayList<>();

    /** Adds a target at the end of its campaign's plan (the next position). */
    Target add(long campaignId, long clusterId, String cluster, int wave, String previous, Long carrierId) {
        int position = (int) rows.stream().filter(t -> t.campaignId == campaignId).count() + 1;
        Target t = new Target(campaignId, clusterId, cluster, wave, position, previous, carrierId);
        rows.add(t);
        clusterNames.put(clusterId, cluster);
        return t;
    }

    /** Sets a cluster's state (READY unless set). */
    void cluster(long clusterId, ClusterState state) {
        clusterStates.put(clusterId, state);
    }

    Target get(long campaignId, long clusterId) {
        return rows.stream().filter(t -> t.campaignId == campaignId && t.clusterId == clusterId).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no target " + campaignId + "/" + clusterId));
    }

    TargetState state(long campaignId, long clusterId) {
        return get(campaignId, clusterId).state;
    }

    /** The clusters of the campaign's targets in this state, in plan order. */
    List<Long> inState(long campaignId, TargetState state) {
        return of(campaignId).filter(t -> t.state == state).map(t -> t.clusterId).toList();
    }

    private Stream<Target> of(long campaignId) {
        return rows.stream().filter(t -> t.campaignId == campaignId).sorted(Comparator.comparingInt(t -> t.position));
    }

    private ClusterState stateOf(long clusterId) {
        return clusterStates.getOrDefault(clusterId, ClusterState.READY);
    }

    private List<Target> change(long campaignId, Predicate<Target> which) {
        return of(campaignId).filter(which).toList();
    }

    @Override
    public TargetCounts counts(long campaignId, int currentWave) {
        TargetCounts counts = TargetCounts.empty();
        int failures = 0;
        int rollbackInFlight = 0;
        int rollbackFailed = 0;
        for (Target t : of(campaignId).toList()) {
            counts.all().merge(t.state, 1, Integer::sum);
            if (t.wave == currentWave) {
                counts.wave().merge(t.state, 1, Integer::sum);
            }
            if (t.state == TargetState.FAILED) {
                if (t.rollback) {
                    rollbackFailed++;
                } else {
                    failures++;
                }
            }
            if (t.rollback && t.state.inFlight()) {
                rollbackInFlight++;
            }
        }
        return new TargetCounts(counts.all(), counts.wave(), failures, rollbackInFlight, rollbackFailed);
    }

    @Override
    public List<Moved> skipUnavailable(long campaignId, int wave, boolean notReadyToo) {
        List<Target> skipped = change(campaignId, t -> t.wave == wave && t.state == TargetState.PENDING
                && (stateOf(t.clusterId) == ClusterState.CORDONED
                        || (notReadyToo && stateOf(t.carrier()) != ClusterState.READY)));
        for (Target t : skipped) {
            t.state = TargetState.SKIPPED;
            t.message = stateOf(t.clusterId) == ClusterState.CORDONED || t.carrierId == null
                    ? "cluster was " + stateOf(t.clusterId) + " when its turn came"
                    : "cluster " + clusterNames.getOrDefault(t.carrierId, String.valueOf(t.carrierId))
                            + " carrying its work was " + stateOf(t.carrierId) + " when its turn came";
        }
        return skipped.stream().map(Target::moved).toList();
    }

    @Override
    public Candidates candidates(long campaignId, int wave, int afterPosition, int limit) {
        searchedAfter.add(afterPosition);
        int first = of(campaignId).filter(t -> t.wave == wave && t.state == TargetState.PENDING
                && t.position > afterPosition).mapToInt(t -> t.position).min().orElse(Integer.MAX_VALUE);
        return new Candidates(of(campaignId).filter(t -> t.wave == wave && t.state == TargetState.PENDING
                        && t.position > afterPosition && stateOf(t.carrier()) == ClusterState.READY)
                .limit(limit).map(t -> new Candidate(t.clusterId, t.position)).toList(), first);
    }

    @Override
    public List<Moved> dispatch(long campaignId, List<Long> clusterIds) {
        List<Target> sent = change(campaignId,
                t -> clusterIds.contains(t.clusterId) && t.state == TargetState.PENDING);
        sent.forEach(t -> {
            t.state = TargetState.DISPATCHED;
            t.message = null;
        });
        return sent.stream().map(Target::moved).toList();
    }

    @Override
    public void noteWaiting(long campaignId, Map<Long, String> why) {
        change(campaignId, t -> why.containsKey(t.clusterId) && t.state == TargetState.PENDING)
                .forEach(t -> t.message = why.get(t.clusterId));
    }

    @Override
    public List<Long> inFlight(long campaignId) {
        return of(campaignId).filter(t -> t.state.inFlight()).map(t -> t.clusterId).sorted().toList();
    }

    @Override
    public List<RollingBack> beginRollback(long campaignId, String message) {
        List<Target> touched = change(campaignId, t -> !t.rollback && TargetState.TOUCHED.contains(t.state));
        touched.forEach(t -> {
            t.state = TargetState.DISPATCHED;
            t.rollback = true;
            t.message = message;
        });
        return touched.stream().map(t -> new RollingBack(t.clusterId, t.cluster, t.previous)).toList();
    }

    @Override
    public int queueRollback(long campaignId, String message) {
        List<Target> queued = change(campaignId, t -> !t.rollback
                && (t.state == TargetState.SUCCEEDED || t.state == TargetState.FAILED));
        queued.forEach(t -> {
            t.state = TargetState.ROLLBACK_PENDING;
            t.rollback = true;
            t.message = message;
        });
        return queued.size();
    }

    @Override
    public List<RollingBack> dispatchRollback(long campaignId, int limit, String message) {
        List<Target> next = change(campaignId, t -> t.state == TargetState.ROLLBACK_PENDING).stream().limit(limit)
                .toList();
        next.forEach(t -> {
            t.state = TargetState.DISPATCHED;
            t.message = message;
        });
        return next.stream().map(t -> new RollingBack(t.clusterId, t.cluster, t.previous)).toList();
    }

    /** Like the SQL, whatever state the targets are in. */
    @Override
    public List<Moved> rolledBack(long campaignId, List<Long> clusterIds, String message) {
        List<Target> done = change(campaignId, t -> clusterIds.contains(t.clusterId));
        done.forEach(t -> {
            t.state = TargetState.ROLLED_BACK;
            t.message = message;
        });
        return done.stream().map(Target::moved).toList();
    }

    @Override
    public List<Long> skipPending(long campaignId, String message) {
        List<Target> skipped = change(campaignId, t -> t.state == TargetState.PENDING);
        skipped.forEach(t -> {
            t.state = TargetState.SKIPPED;
            t.message = message;
        });
        return skipped.stream().map(t -> t.clusterId).toList();
    }

    @Override
    public List<TargetChange> apply(List<TargetUpdate> updates) {
        List<TargetChange> changes = new ArrayList<>();
        for (TargetUpdate u : updates) {
            Target t = rows.stream().filter(r -> r.campaignId == u.campaignId() && r.clusterId == u.clusterId())
                    .findFirst().orElse(null);
            if (t == null) {
                continue;
            }
            TargetState from = t.state;
            if (from != u.state() && from.canMoveTo(u.state())) {
                t.state = u.state();
            }
            t.batch = u.batch() != null ? u.batch() : t.batch;
            t.batches = u.batches() != null ? u.batches() : t.batches;
            t.observed = u.observedJson() != null ? u.observedJson() : t.observed;
            t.message = u.message();
            if (from != t.state) {
                changes.add(new TargetChange(t.campaignId, t.clusterId, t.cluster, from, t.state));
            }
        }
        return changes;
    }
}
