package dev.flotilla.agent.reconcile;

import dev.flotilla.agent.backend.ClusterBackend;
import dev.flotilla.agent.backend.FieldPaths;
import dev.flotilla.agent.backend.ObjectRef;
import dev.flotilla.agent.backend.ObjectRefused;
import dev.flotilla.api.agent.ResourceStatus;
import dev.flotilla.api.agent.WorkItem;
import dev.flotilla.api.agent.WorkPhase;
import dev.flotilla.api.agent.WorkloadKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Drives a bundle item: records the bundle in the application's {@link Inventory} and applies the other resources
 * in the item's order ({@link BundleApplier}), then steps the Kruise workloads one after the other, each batch by
 * batch exactly as a single-workload item ({@link PartitionDriver}, {@link JobDriver}); once every workload
 * converged, prunes what the inventory holds and the bundle no longer does ({@link Removal}), and only then
 * succeeds. An uninstall item removes the whole inventory. Level-triggered like the other drivers: after a restart
 * the resources are applied again (the same fields, no change), each workload is found converged or resumed where
 * its partitions stand, and pruning resumes from the inventory.
 */
final class BundleDriver {

    private final ClusterBackend backend;
    private final PartitionDriver partitions;
    private final JobDriver jobs;
    private final Removal removal;
    private final BundleApplier applier;

    BundleDriver(ClusterBackend backend, PartitionDriver partitions, JobDriver jobs) {
        this.backend = backend;
        this.partitions = partitions;
        this.jobs = jobs;
        this.removal = new Removal(backend);
        this.applier = new BundleApplier(backend);
    }

    void drive(WorkItem item, ItemState state, Consumer<Outcome> emit) {
        Bundle bundle;
        try {
            bundle = Bundle.of(item, backend);
        } catch (IllegalArgumentException e) {
            emit.accept(new Outcome(WorkPhase.FAILED, 0, 0, null, e.getMessage(), List.of()));
            return;
        }
        Statuses.start(state, item.generation(), bundle);
        Consumer<Outcome> report = o -> emit.accept(o.with(Statuses.snapshot(state), null));
        try {
            if (item.uninstall()) {
                uninstall(item, state, report);
            } else if (applier.applied(item, state, bundle, report) && converged(item, state, bundle, report)) {
                prune(item, state, bundle, report);
            }
        } catch (Inventory.ForeignInventory e) {
            report.accept(new Outcome(WorkPhase.FAILED, 0, 0, null, e.getMessage()));
        } catch (ObjectRefused e) {
            Statuses.put(state, e.ref(), ResourceStatus.State.FAILED, e.getMessage(), null);
            report.accept(new Outcome(WorkPhase.FAILED, 0, 0, null, e.ref() + " refused: " + e.getMessage()));
        }
    }


    /** Steps the workloads in order; true once every one of them converged at this generation. */
    private boolean converged(WorkItem item, ItemState state, Bundle bundle, Consumer<Outcome> emit) {
        List<Bundle.Entry> workloads = bundle.workloads();
        String id = Inventory.id(Inventory.parent(backend, item.application()));
        for (int i = 0; i < workloads.size(); i++) {
            Bundle.Entry next = i + 1 < workloads.size() ? workloads.get(i + 1) : null;
            if (!step(item, state, workloads.get(i), next, id, emit)) {
                return false;
            }
        }
        return true;
    }

    /**
     * One pass of one workload, as its single-workload driver takes it; its outcomes become the item's (prefixed
     * with the workload's name) and its status. True once it converged at this generation.
     */
    private boolean step(WorkItem item, ItemState state, Bundle.Entry entry, Bundle.Entry next, String applySetId,
            Consumer<Outcome> emit) {
        ItemState own = state.workloads.computeIfAbsent(entry.ref().key(), k -> new ItemState());
        if (own.terminalGeneration == item.generation()) {
            return true;
        }
        WorkItem single = single(item, entry, applySetId, state.adopted.contains(entry.ref().key()));
        List<Outcome> outcomes = new ArrayList<>(2);
        Consumer<Outcome> capture = o -> {
            outcomes.add(o);
            own.last = o;
        };
        if (entry.workload() == WorkloadKind.BroadcastJob) {
            jobs.drive(single, own, capture);
        } else {
            partitions.drive(single, own, capture);
        }
        String prefix = entry.ref() + ": ";
        for (Outcome o : outcomes) {
            Statuses.put(state, entry.ref(), Statuses.of(o.phase(), o.batch()), o.message(), o.observed());
            if (o.phase() != WorkPhase.SUCCEEDED) {
                emit.accept(o.with(null, prefix));
                continue;
            }
            own.terminalGeneration = item.generation();
            if (next != null) {
                // the item goes on with the next workload: not SUCCEEDED yet
                emit.accept(new Outcome(WorkPhase.BATCH_COMPLETE, o.batch(), o.batches(), o.observed(),
                        prefix + o.message() + "; next: " + next.ref()));
            }
        }
        return own.terminalGeneration == item.generation();
    }

    /** The single-workload item a bundle's workload is driven as: the bundle item's identity and strategy. */
    private static WorkItem single(WorkItem item, Bundle.Entry entry, String applySetId, boolean adopted) {
        Map<String, Object> manifest = FieldPaths.deepCopy(entry.manifest());
        Map<String, Object> labels = new LinkedHashMap<>(FieldPaths.map(manifest, "metadata.labels"));
        labels.put(Inventory.APPLICATION, item.application());
        labels.put(Inventory.PART_OF, applySetId);
        FieldPaths.set(manifest, "metadata.labels", labels);
        if (adopted) {
            Map<String, Object> annotations = new LinkedHashMap<>(FieldPaths.map(manifest, "metadata.annotations"));
            annotations.put(Inventory.ADOPTED, "true");
            FieldPaths.set(manifest, "metadata.annotations", annotations);
        }
        return new WorkItem(item.workId(), item.application(), entry.workload(), entry.ref().namespace(),
                entry.ref().name(), item.revision(), manifest, item.strategy(), item.paused(), item.rollback(),
                item.generation());
    }

    /** Deletes what the inventory holds and the bundle does not; succeeds once it is gone. */
    private void prune(WorkItem item, ItemState state, Bundle bundle, Consumer<Outcome> emit) {
        Inventory inventory = Inventory.read(backend, item.application());
        List<Inventory.Member> stale = inventory.members().stream().filter(m -> !bundle.holds(m.ref())).toList();
        Outcome last = lastWorkload(state, bundle);
        Removal.Step step = removal.step(stale, inventory, state, ResourceStatus.State.PRUNED);
        if (step instanceof Removal.Step.Refused refused) {
            emit.accept(new Outcome(WorkPhase.FAILED, last.batch(), last.batches(), last.observed(),
                    "pruning " + refused.ref() + " refused: " + refused.message()));
        } else if (step instanceof Removal.Step.Deleting deleting) {
            emit.accept(new Outcome(WorkPhase.BATCH_COMPLETE, last.batch(), last.batches(), last.observed(),
                    "every workload converged; pruning " + deleting.remaining()
                            + " objects revision " + item.revision() + " no longer holds"));
        } else {
            emit.accept(stale.isEmpty() ? last : new Outcome(last.phase(), last.batch(), last.batches(),
                    last.observed(), last.message() + "; pruned " + stale.size() + " objects"));
        }
    }

    /** The last workload's SUCCEEDED outcome (the item's batches and counters), or one batch without workloads. */
    private static Outcome lastWorkload(ItemState state, Bundle bundle) {
        List<Bundle.Entry> workloads = bundle.workloads();
        if (!workloads.isEmpty()) {
            Bundle.Entry entry = workloads.get(workloads.size() - 1);
            Outcome last = state.workloads.get(entry.ref().key()).last;
            if (last != null && last.phase() == WorkPhase.SUCCEEDED) {
                return last.with(null, entry.ref() + ": ");
            }
        }
        return new Outcome(WorkPhase.SUCCEEDED, 1, 1, null, "revision applied");
    }

    /** Removes everything the inventory holds: workloads first, then the rest in reverse apply order. */
    private void uninstall(WorkItem item, ItemState state, Consumer<Outcome> emit) {
        Inventory inventory = Inventory.read(backend, item.application());
        List<Inventory.Member> members = new ArrayList<>(inventory.members());
        legacyWorkload(item).filter(ref -> inventory.member(ref).isEmpty())
                .ifPresent(ref -> members.add(0, new Inventory.Member(ref, true)));
        Removal.Step step = removal.step(members, inventory, state, ResourceStatus.State.REMOVED);
        if (step instanceof Removal.Step.Refused refused) {
            emit.accept(new Outcome(WorkPhase.FAILED, 0, 1, null, "removing " + refused.ref() + " refused: "
                    + refused.message()));
        } else if (step instanceof Removal.Step.Deleting deleting) {
            emit.accept(new Outcome(WorkPhase.BATCH_IN_PROGRESS, 1, 1, null, "removing application "
                    + item.application() + ": " + deleting.remaining() + " objects left"));
        } else {
            long removed = state.statuses.values().stream()
                    .filter(s -> s.state() == ResourceStatus.State.REMOVED).count();
            emit.accept(new Outcome(WorkPhase.SUCCEEDED, 1, 1, null, "application " + item.application()
                    + " removed from the cluster (" + removed + " objects)"));
        }
    }

    /**
     * The workload an uninstall item names, if it names one and carries no inventory entry: a workload a
     * single-workload item applied before bundles. Only one the agent applied (its managed-by label) is deleted.
     */
    private Optional<ObjectRef> legacyWorkload(WorkItem item) {
        if (item.kind() == null || item.name() == null) {
            return Optional.empty();
        }
        ObjectRef ref = new ObjectRef(dev.flotilla.api.kruise.ApiVersions.storage(item.kind()), item.kind().name(),
                item.kind().namespaced() ? item.namespace() : null, item.name());
        return backend.readObject(ref).filter(live -> ClusterBackend.FIELD_MANAGER.equals(
                FieldPaths.map(live, "metadata.labels").get(ClusterBackend.MANAGED_BY))).map(live -> ref);
    }
}
