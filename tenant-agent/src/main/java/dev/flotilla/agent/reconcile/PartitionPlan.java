package dev.flotilla.agent.reconcile;

import dev.flotilla.agent.backend.WorkloadShape;
import dev.flotilla.api.agent.ClusterStrategy;
import dev.flotilla.api.kruise.IntOrPercent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The partitions a rollout steps through, each a map from partition key to pods kept at the old revision. Keys (the
 * subsets of a UnitedDeployment) are rolled one after the other, each through every batch; a plan whose last batch
 * does not reach 0 gets a final batch to 0, since the item only succeeds with every pod updated.
 */
record PartitionPlan(Map<String, Integer> replicas, Map<String, Integer> hold, List<Map<String, Integer>> steps,
        List<Integer> pauses) {

    static PartitionPlan of(WorkloadShape shape, Map<String, Object> object, ClusterStrategy strategy,
            boolean rollback) {
        Map<String, Integer> replicas = shape.replicas(object);
        Map<String, Integer> hold = new LinkedHashMap<>();
        replicas.forEach((key, count) -> hold.put(key, shape.holdPartition(count)));
        List<ClusterStrategy.Batch> batches = rollback || strategy == null || shape.singleBatchReason() != null
                ? List.of() : strategy.batches();
        List<Map<String, Integer>> steps = new ArrayList<>();
        List<Integer> pauses = new ArrayList<>();
        Map<String, Integer> done = new LinkedHashMap<>(hold);
        for (String key : shape.keys(object)) {
            for (ClusterStrategy.Batch batch : withFinalBatch(batches)) {
                Map<String, Integer> step = new LinkedHashMap<>(done);
                step.put(key, IntOrPercent.partition(batch.partition(), replicas.get(key)));
                steps.add(step);
                pauses.add(batch.pauseSeconds() == null ? 0 : batch.pauseSeconds());
            }
            done.put(key, 0);
        }
        return new PartitionPlan(replicas, hold, steps, pauses);
    }

    private static List<ClusterStrategy.Batch> withFinalBatch(List<ClusterStrategy.Batch> batches) {
        if (!batches.isEmpty() && IntOrPercent.partition(batches.get(batches.size() - 1).partition(), 100) == 0) {
            return batches;
        }
        List<ClusterStrategy.Batch> all = new ArrayList<>(batches);
        all.add(new ClusterStrategy.Batch("0", null));
        return all;
    }

    /** Partitions that keep every pod at the old revision. */
    Map<String, Integer> zeros() {
        Map<String, Integer> zeros = new LinkedHashMap<>();
        replicas.keySet().forEach(k -> zeros.put(k, 0));
        return zeros;
    }

    int size() {
        return steps.size();
    }

    /** The first step not above the live partitions: where the rollout stands (live may equal it or lie above). */
    int position(Map<String, Integer> live) {
        for (int i = 0; i < steps.size(); i++) {
            if (notAbove(steps.get(i), live)) {
                return i;
            }
        }
        return steps.size() - 1;
    }

    private static boolean notAbove(Map<String, Integer> step, Map<String, Integer> live) {
        return step.entrySet().stream().allMatch(e -> e.getValue() <= live.getOrDefault(e.getKey(), 0));
    }

    /** Pods that must be updated at step {@code i}: replicas minus partition over every key. */
    int expected(int i) {
        int expected = 0;
        for (Map.Entry<String, Integer> e : steps.get(i).entrySet()) {
            expected += Math.max(0, replicas.get(e.getKey()) - e.getValue());
        }
        return expected;
    }
}
