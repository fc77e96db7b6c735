package dev.flotilla.agent.reconcile;

import dev.flotilla.agent.backend.ClusterBackend;
import dev.flotilla.agent.backend.FieldPaths;
import dev.flotilla.agent.backend.Progress;
import dev.flotilla.agent.backend.Workload;
import dev.flotilla.agent.backend.WorkloadRef;
import dev.flotilla.agent.backend.WorkloadShape;
import dev.flotilla.api.agent.WorkItem;
import dev.flotilla.api.agent.WorkPhase;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Drives a BroadcastJob: apply, then done when every node's pod succeeded. FailFast (the default) and Pause fail the
 * item at the first failed pod; Continue waits until no pod is active and reports the failed ones. A job that holds
 * another revision is deleted first and the revision runs as a new job, so a status is always this revision's run.
 */
final class JobDriver {

    private final ClusterBackend backend;
    private final ItemApplier applier;
    private final Clock clock;

    JobDriver(ClusterBackend backend, ItemApplier applier, Clock clock) {
        this.backend = backend;
        this.applier = applier;
        this.clock = clock;
    }

    void drive(WorkItem item, ItemState state, Consumer<Outcome> emit) {
        WorkloadShape shape = WorkloadShape.of(item.kind());
        WorkloadRef ref = WorkloadRef.of(item);
        Optional<Workload> live = backend.read(ref);
        if (live.isPresent() && !ItemApplier.carries(live.get(), item)) {
            // Kruise's BroadcastJob keeps no template revision: a finished job never runs again and a running one
            // skips every node that has a pod. So a new revision runs as a new job, once the old one is gone.
            backend.delete(ref);
            state.applied(-1);
            emit.accept(new Outcome(WorkPhase.APPLYING, 0, 1, null, "deleting the job of revision "
                    + live.get().annotation(ItemApplier.REVISION) + " to run revision " + item.revision()
                    + " as a new job"));
            return;
        }
        if (state.appliedGeneration != item.generation() || live.isEmpty()) {
            emit.accept(applier.apply(item, state, live, shape));
            return;
        }
        Workload job = live.get();
        if (!ItemApplier.current(job, item) || job.status().isEmpty()) {
            emit.accept(new Outcome(WorkPhase.APPLYING, 0, 1, shape.observed(job), "waiting for the job to start"));
            return;
        }
        if (item.paused() != shape.paused(job.object())) {
            backend.patch(ref, shape.pausedPatch(item.paused()));
        }
        state.track(0, clock.millis());
        emit.accept(judge(item, state, shape, job));
    }

    private Outcome judge(WorkItem item, ItemState state, WorkloadShape shape, Workload job) {
        Progress p = shape.progress(job);
        int failed = FieldPaths.integer(job.status(), "failed", 0);
        boolean continueOnFailure = "Continue".equals(FieldPaths.string(job.object(), "spec.failurePolicy.type"));
        String counts = p.updated() + "/" + p.replicas() + " succeeded, " + p.ready() + " active, " + failed
                + " failed";
        if (failed > 0 && !continueOnFailure) {
            return new Outcome(WorkPhase.FAILED, 1, 1, shape.observed(job), "job pods failed: " + counts);
        }
        if (p.replicas() > 0 && p.updated() >= p.replicas()) {
            return new Outcome(WorkPhase.SUCCEEDED, 1, 1, shape.observed(job), counts);
        }
        if (continueOnFailure && p.replicas() > 0 && p.ready() == 0 && p.updated() + failed >= p.replicas()) {
            return new Outcome(WorkPhase.SUCCEEDED, 1, 1, shape.observed(job), "completed with failures: " + counts);
        }
        Integer deadline = item.strategy() == null ? null : item.strategy().progressDeadlineSeconds();
        if (deadline != null && clock.millis() - state.stepSince > deadline * 1000L) {
            return new Outcome(WorkPhase.FAILED, 1, 1, shape.observed(job),
                    "job exceeded its progress deadline of " + deadline + "s: " + counts);
        }
        WorkPhase phase = item.paused() ? WorkPhase.PAUSED : WorkPhase.BATCH_IN_PROGRESS;
        return new Outcome(phase, item.paused() ? 0 : 1, 1, shape.observed(job), counts);
    }
}
