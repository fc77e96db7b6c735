package dev.flotilla.agent.reconcile;

import dev.flotilla.agent.backend.ClusterBackend;
import dev.flotilla.agent.backend.PatchResult;
import dev.flotilla.agent.backend.Progress;
import dev.flotilla.agent.backend.Workload;
import dev.flotilla.agent.backend.WorkloadRef;
import dev.flotilla.agent.backend.WorkloadShape;
import dev.flotilla.api.agent.PodHealth;
import dev.flotilla.api.agent.WorkItem;
import dev.flotilla.api.agent.WorkPhase;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Steps a partitioned workload (CloneSet, Advanced StatefulSet, UnitedDeployment, SidecarSet) one reconcile at a
 * time: apply, wait until the controller observed it, then lower the partitions step by step, each step only once
 * the previous one is complete under the Kruise rule. Where it stands is read from the cluster every time.
 */
final class PartitionDriver {

    /** How often the pods of a batch in progress are checked for a failure that will not heal. */
    static final long HEALTH_CHECK_MILLIS = 3000;

    /** How often the pods of a SidecarSet with an update selector are listed again while it converges. */
    static final long PODS_RECHECK_MILLIS = 5_000;

    private final ClusterBackend backend;
    private final ItemApplier applier;
    private final Clock clock;
    private final EtcdRoleLabeler etcdRoles;

    PartitionDriver(ClusterBackend backend, ItemApplier applier, Clock clock) {
        this.backend = backend;
        this.applier = applier;
        this.clock = clock;
        this.etcdRoles = new EtcdRoleLabeler(backend);
    }

    void drive(WorkItem item, ItemState state, Consumer<Outcome> emit) {
        if (EtcdRoleLabeler.ordersByRole(item) && (state.appliedGeneration != item.generation()
                || clock.millis() - state.rolesCheckedAt >= EtcdRoleLabeler.RECHECK_MILLIS)) {
            // the priority strategy reads the labels when the controller picks the next pod: right before the
            // apply that brings a new template, and every few seconds while the members are updated
            state.rolesCheckedAt = clock.millis();
            etcdRoles.refresh(item);
        }
        WorkloadShape shape = shape(item, state);
        Optional<Workload> live = backend.read(WorkloadRef.of(item));
        if (state.appliedGeneration != item.generation() || live.isEmpty()) {
            String refusal = KruiseLimits.refusal(item, live);
            emit.accept(refusal != null ? new Outcome(WorkPhase.FAILED, 0, 0, live.map(shape::observed).orElse(null),
                    "refused: " + refusal) : applier.apply(item, state, live, shape));
            return;
        }
        Workload workload = live.get();
        if (!ItemApplier.current(workload, item) || !workload.observed()) {
            emit.accept(waiting(state, shape, workload, "waiting for the controller to observe generation "
                    + workload.generation()));
            return;
        }
        if (state.revision == null) {
            state.revision = shape.progress(workload).revision();
        }
        if (KruiseLimits.notUpdate(item)) {
            emit.accept(new Outcome(WorkPhase.SUCCEEDED, 1, 1, shape.observed(workload),
                    KruiseLimits.notUpdateMessage(item)));
            return;
        }
        if (!item.paused() && shape.paused(workload.object())) {
            patch(item, shape.pausedPatch(false));
        }
        step(item, state, shape, workload, PartitionPlan.of(shape, workload.object(), item.strategy(),
                item.rollback()), emit);
    }

    /** The item's shape; a selected SidecarSet's pods are listed again at most every few seconds. */
    private WorkloadShape shape(WorkItem item, ItemState state) {
        if (WorkloadShape.selectsPodsToUpdate(item.kind(), item.manifest())
                && clock.millis() - state.podsListedAt >= PODS_RECHECK_MILLIS) {
            state.podsListedAt = clock.millis();
            state.podLabels = backend.podLabels(WorkloadRef.of(item));
        }
        return WorkloadShape.of(item.kind(), item.manifest(), state.podLabels);
    }

    private void step(WorkItem item, ItemState state, WorkloadShape shape, Workload workload, PartitionPlan plan,
            Consumer<Outcome> emit) {
        Map<String, Integer> live = shape.partitions(workload.object());
        int k = plan.position(live);
        int n = plan.size();
        if (!plan.steps().get(k).equals(live)) {
            // held above step k: steps before k are done (or the rollout has not started)
            if (item.paused()) {
                emit.accept(pause(item, shape, workload, k, n));
            } else {
                emit.accept(lower(item, state, shape, workload, plan, k));
            }
            return;
        }
        state.track(k, clock.millis());
        Progress progress = shape.progress(workload);
        if (!CompletionRule.complete(progress, state.revision, plan.expected(k))) {
            emit.accept(inProgress(item, state, shape, workload, plan, k, progress));
            return;
        }
        if (k == n - 1) {
            emit.accept(new Outcome(WorkPhase.SUCCEEDED, n, n, shape.observed(workload),
                    "revision " + item.revision() + " rolled out"
                            + (shape.singleBatchReason() == null ? "" : " in " + shape.singleBatchReason())));
            return;
        }
        completed(item, state, shape, workload, plan, k, emit);
    }

    private void completed(WorkItem item, ItemState state, WorkloadShape shape, Workload workload,
            PartitionPlan plan, int k, Consumer<Outcome> emit) {
        int n = plan.size();
        long now = clock.millis();
        if (plan.pauses().get(k) > 0 && state.pauseUntil < 0) {
            state.pauseUntil = now + plan.pauses().get(k) * 1000L;
        }
        if (now < state.pauseUntil) {
            emit.accept(new Outcome(WorkPhase.BATCH_COMPLETE, k + 1, n, shape.observed(workload),
                    "batch " + (k + 1) + " complete, next batch in " + (state.pauseUntil - now + 999) / 1000 + "s"));
            return;
        }
        if (item.paused()) {
            emit.accept(pause(item, shape, workload, k + 1, n));
            return;
        }
        emit.accept(new Outcome(WorkPhase.BATCH_COMPLETE, k + 1, n, shape.observed(workload),
                "batch " + (k + 1) + " complete"));
        emit.accept(lower(item, state, shape, workload, plan, k + 1));
    }

    private Outcome lower(WorkItem item, ItemState state, WorkloadShape shape, Workload workload,
            PartitionPlan plan, int k) {
        PatchResult result = patch(item, shape.partitionPatch(plan.steps().get(k)));
        if (result instanceof PatchResult.Rejected rejected) {
            return new Outcome(WorkPhase.FAILED, k, plan.size(), shape.observed(workload),
                    "partition patch rejected: " + rejected.message());
        }
        state.track(k, clock.millis());
        String note = shape.singleBatchReason() == null ? "" : " (" + shape.singleBatchReason() + ")";
        return new Outcome(WorkPhase.BATCH_IN_PROGRESS, k + 1, plan.size(), shape.observed(workload),
                "partition " + describe(plan.steps().get(k)) + note);
    }

    private Outcome pause(WorkItem item, WorkloadShape shape, Workload workload, int completed, int n) {
        if (!shape.paused(workload.object())) {
            patch(item, shape.pausedPatch(true));
        }
        return new Outcome(WorkPhase.PAUSED, completed, n, shape.observed(workload),
                "paused after batch " + completed + " of " + n);
    }

    private Outcome inProgress(WorkItem item, ItemState state, WorkloadShape shape, Workload workload,
            PartitionPlan plan, int k, Progress progress) {
        Optional<String> unhealthy = unhealthyPods(item, state);
        if (unhealthy.isPresent()) {
            return new Outcome(WorkPhase.FAILED, k + 1, plan.size(), shape.observed(workload),
                    "batch " + (k + 1) + " of " + plan.size() + " failed early: " + unhealthy.get());
        }
        String waiting = CompletionRule.waitingFor(progress, state.revision, plan.expected(k));
        Integer deadline = item.strategy() == null ? null : item.strategy().progressDeadlineSeconds();
        if (deadline != null && clock.millis() - state.stepSince > deadline * 1000L) {
            return new Outcome(WorkPhase.FAILED, k + 1, plan.size(), shape.observed(workload),
                    "batch " + (k + 1) + " of " + plan.size() + " exceeded its progress deadline of " + deadline
                            + "s: " + waiting);
        }
        return new Outcome(WorkPhase.BATCH_IN_PROGRESS, k + 1, plan.size(), shape.observed(workload), waiting);
    }

    /** The new revision's pods, judged at most every {@link #HEALTH_CHECK_MILLIS} (each check lists them). */
    private Optional<String> unhealthyPods(WorkItem item, ItemState state) {
        long now = clock.millis();
        if (now - state.healthCheckedAt < HEALTH_CHECK_MILLIS) {
            return Optional.empty();
        }
        state.healthCheckedAt = now;
        PodHealth health = item.strategy() == null ? PodHealth.defaults() : item.strategy().healthOrDefaults();
        return PodHealthCheck.failure(backend.podStates(WorkloadRef.of(item)), state.revision, health,
                Instant.ofEpochMilli(now));
    }

    private Outcome waiting(ItemState state, WorkloadShape shape, Workload workload, String message) {
        Outcome last = state.last;
        WorkPhase phase = last == null || last.phase() == WorkPhase.FAILED ? WorkPhase.APPLYING : last.phase();
        return new Outcome(phase, last == null ? 0 : last.batch(), last == null ? 0 : last.batches(),
                shape.observed(workload), message);
    }

    private PatchResult patch(WorkItem item, Map<String, Object> patch) {
        return patch.isEmpty() ? new PatchResult.Patched() : backend.patch(WorkloadRef.of(item), patch);
    }

    private static String describe(Map<String, Integer> partitions) {
        if (partitions.size() == 1 && partitions.containsKey(WorkloadShape.WHOLE)) {
            int p = partitions.get(WorkloadShape.WHOLE);
            return p == WorkloadShape.HOLD_ALL ? "100%" : String.valueOf(p);
        }
        return partitions.toString();
    }
}
