package dev.flotilla.meta.wave;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A campaign kind that records what the engine asks of it and answers what a test sets. */
final class FakeKind implements CampaignKind {

    /** One {@link #rollback} call. */
    record Rollback(long campaignId, List<Long> clusterIds, Map<Long, String> previous) {
    }

    /** One {@link #setPaused} call. */
    record Pause(long campaignId, List<Long> clusterIds, boolean paused) {
    }

    static final String KIND = "TEST";

    final List<Long> dispatched = new ArrayList<>();
    final List<List<Long>> dispatchCalls = new ArrayList<>();
    final List<Pause> pauses = new ArrayList<>();
    final List<Rollback> rollbacks = new ArrayList<>();
    final List<Long> skipped = new ArrayList<>();
    final List<Long> aborted = new ArrayList<>();
    /** Targets that may not start yet, with why; a test changes it between passes. */
    final Map<Long, String> notYet = new LinkedHashMap<>();
    /** Targets whose work cannot be made, with why: {@link #dispatch} answers them as failed. */
    final Map<Long, String> refuse = new LinkedHashMap<>();
    /** What the next {@link #progress} call answers (once). */
    final List<TargetUpdate> nextProgress = new ArrayList<>();
    int progressCalls;
    String rollbackRefusal;

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Map<Long, Map<String, Object>> details(Collection<Long> campaignIds) {
        return Map.of();
    }

    @Override
    public Map<Long, String> dispatch(long campaignId, List<Long> clusterIds) {
        dispatchCalls.add(List.copyOf(clusterIds));
        dispatched.addAll(clusterIds);
        Map<Long, String> failed = new LinkedHashMap<>();
        clusterIds.stream().filter(refuse::containsKey).forEach(id -> failed.put(id, refuse.get(id)));
        return failed;
    }

    @Override
    public void setPaused(long campaignId, List<Long> clusterIds, boolean paused) {
        pauses.add(new Pause(campaignId, List.copyOf(clusterIds), paused));
    }

    /** Like the real kinds: the clusters with nothing to return to are answered as rolled back at once. */
    @Override
    public Returned rollback(long campaignId, List<Long> clusterIds, Map<Long, String> previous) {
        rollbacks.add(new Rollback(campaignId, List.copyOf(clusterIds), new HashMap<>(previous)));
        return new Returned(clusterIds.stream().filter(id -> !previous.containsKey(id)).toList(), Map.of());
    }

    @Override
    public Map<Long, String> notYet(long campaignId, List<Long> clusterIds, Instant now) {
        Map<Long, String> waiting = new LinkedHashMap<>();
        clusterIds.stream().filter(notYet::containsKey).forEach(id -> waiting.put(id, notYet.get(id)));
        return waiting;
    }

    @Override
    public List<TargetUpdate> progress(long campaignId, Instant now) {
        progressCalls++;
        List<TargetUpdate> updates = List.copyOf(nextProgress);
        nextProgress.clear();
        return updates;
    }

    @Override
    public void skipped(long campaignId, List<Long> clusterIds) {
        skipped.addAll(clusterIds);
    }

    @Override
    public void abort(long campaignId, List<Long> clusterIds) {
        aborted.addAll(clusterIds);
    }

    @Override
    public Optional<String> rollbackRefusal() {
        return Optional.ofNullable(rollbackRefusal);
    }
}
