package dev.flotilla.agent.reconcile;

import dev.flotilla.agent.backend.ApplyResult;
import dev.flotilla.agent.backend.ClusterBackend;
import dev.flotilla.agent.backend.FieldPaths;
import dev.flotilla.agent.backend.ObjectRef;
import dev.flotilla.agent.backend.Scope;
import dev.flotilla.api.agent.ResourceStatus;
import dev.flotilla.api.agent.WorkItem;
import dev.flotilla.api.agent.WorkPhase;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The first step of a bundle item: records every resource in the application's {@link Inventory} (widened before
 * anything is applied, as kubectl's ApplySet is), then applies the resources other than Kruise workloads in the
 * item's order with the ownership labels. A refusal fails the item with the API server's message and that resource
 * FAILED; a conflict, or a kind whose CRD the bundle holds and the cluster does not serve yet, is tried again on the
 * next pass.
 */
final class BundleApplier {

    private static final List<String> SERVER_OWNED = List.of("uid", "resourceVersion", "generation",
            "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "managedFields", "selfLink");

    private final ClusterBackend backend;

    BundleApplier(ClusterBackend backend) {
        this.backend = backend;
    }

    /** Applies the resources other than workloads, once per generation; false while not all of them are in. */
    boolean applied(WorkItem item, ItemState state, Bundle bundle, Consumer<Outcome> emit) {
        if (state.resourcesApplied == item.generation()) {
            return true;
        }
        Inventory inventory = Inventory.read(backend, item.application());
        for (Bundle.Entry entry : bundle.entries()) {
            if (entry.scope() != Scope.UNKNOWN && !enlist(item, state, inventory, entry.ref(), emit)) {
                return false;
            }
        }
        if (!written(inventory, emit)) {
            return false;
        }
        state.adopted.clear();
        inventory.members().stream().filter(m -> !m.created()).forEach(m -> state.adopted.add(m.ref().key()));
        for (Bundle.Entry entry : bundle.entries()) {
            if (!entry.isWorkload() && !apply(item, state, bundle, inventory, entry, emit)) {
                return false;
            }
        }
        state.resourcesApplied = item.generation();
        return true;
    }

    /**
     * Adds an object to the inventory before it is applied, noting whether it is there already. An object another
     * application of the agent holds is refused: two applications would fight over it and prune it from each other.
     */
    private boolean enlist(WorkItem item, ItemState state, Inventory inventory, ObjectRef ref,
            Consumer<Outcome> emit) {
        if (inventory.member(ref).isPresent()) {
            return true;
        }
        Optional<Map<String, Object>> live = backend.readObject(ref);
        Object owner = live.map(o -> FieldPaths.map(o, "metadata.labels").get(Inventory.APPLICATION)).orElse(null);
        if (owner != null && !owner.equals(item.application())) {
            String message = "belongs to application " + owner + " in this cluster";
            Statuses.put(state, ref, ResourceStatus.State.FAILED, message, null);
            emit.accept(new Outcome(WorkPhase.FAILED, 0, 0, null, ref + " " + message));
            return false;
        }
        inventory.add(ref, live.map(Inventory::createdByAgent).orElse(true));
        return true;
    }

    private boolean written(Inventory inventory, Consumer<Outcome> emit) {
        ApplyResult result = inventory.write(backend);
        if (result instanceof ApplyResult.Rejected rejected) {
            emit.accept(new Outcome(WorkPhase.FAILED, 0, 0, null, "the inventory " + inventory.parent()
                    + " was refused: " + rejected.message()));
            return false;
        }
        if (result instanceof ApplyResult.Conflict) {
            emit.accept(new Outcome(WorkPhase.APPLYING, 0, 0, null, "conflict writing the inventory, again"));
            return false;
        }
        return true;
    }

    private boolean apply(WorkItem item, ItemState state, Bundle bundle, Inventory inventory, Bundle.Entry entry,
            Consumer<Outcome> emit) {
        ObjectRef ref = entry.ref();
        if (entry.scope() == Scope.UNKNOWN) {
            Scope now = backend.scope(ref.apiVersion(), ref.kind());
            if (now == Scope.UNKNOWN) {
                return unknownKind(state, bundle, ref, emit);
            }
            ref = new ObjectRef(ref.apiVersion(), ref.kind(), now == Scope.CLUSTER ? null : ref.namespace(),
                    ref.name());
            // a cluster-scoped kind served at last: its status was kept under the namespace it was given
            Statuses.moved(state, entry.ref(), ref);
            if (!enlist(item, state, inventory, ref, emit) || !written(inventory, emit)) {
                return false;
            }
        }
        ApplyResult result = backend.applyObject(ref, stamped(item, inventory, ref, entry.manifest()));
        if (result instanceof ApplyResult.Applied) {
            Statuses.put(state, ref, ResourceStatus.State.READY, "applied", null);
            return true;
        }
        if (result instanceof ApplyResult.Conflict conflict) {
            emit.accept(new Outcome(WorkPhase.APPLYING, 0, 0, null, ref + ": conflict, applying again: "
                    + conflict.message()));
            return false;
        }
        String message = ((ApplyResult.Rejected) result).message();
        Statuses.put(state, ref, ResourceStatus.State.FAILED, message, null);
        emit.accept(new Outcome(WorkPhase.FAILED, 0, 0, null, ref + " refused: " + message));
        return false;
    }

    private static boolean unknownKind(ItemState state, Bundle bundle, ObjectRef ref, Consumer<Outcome> emit) {
        if (bundle.defines(ref)) {
            String message = "waiting for the cluster to serve " + ref.kind() + " (its CRD is in the bundle)";
            Statuses.put(state, ref, ResourceStatus.State.PENDING, message, null);
            emit.accept(new Outcome(WorkPhase.APPLYING, 0, 0, null, message));
            return false;
        }
        String message = "the cluster does not serve kind " + ref.kind() + " at " + ref.apiVersion();
        Statuses.put(state, ref, ResourceStatus.State.FAILED, message, null);
        emit.accept(new Outcome(WorkPhase.FAILED, 0, 0, null, ref + " refused: " + message));
        return false;
    }

    /** The manifest as the agent applies it: in its namespace, with the ownership labels, without status. */
    private static Map<String, Object> stamped(WorkItem item, Inventory inventory, ObjectRef ref,
            Map<String, Object> source) {
        Map<String, Object> manifest = FieldPaths.deepCopy(source);
        manifest.put("apiVersion", ref.apiVersion());
        manifest.remove("status");
        Map<String, Object> metadata = new LinkedHashMap<>(FieldPaths.map(manifest, "metadata"));
        // what the API server owns: an apply request carrying managedFields is refused, a stale resourceVersion
        // would make it a conditional write
        SERVER_OWNED.forEach(metadata::remove);
        metadata.remove("namespace");
        if (ref.namespace() != null) {
            metadata.put("namespace", ref.namespace());
        }
        Map<String, Object> labels = new LinkedHashMap<>(FieldPaths.map(metadata, "labels"));
        labels.put(ClusterBackend.MANAGED_BY, ClusterBackend.FIELD_MANAGER);
        labels.put(Inventory.APPLICATION, item.application());
        labels.put(Inventory.PART_OF, inventory.id());
        metadata.put("labels", labels);
        Map<String, Object> annotations = new LinkedHashMap<>(FieldPaths.map(metadata, "annotations"));
        annotations.put(ItemApplier.WORK_ID, item.workId());
        annotations.put(ItemApplier.REVISION, String.valueOf(item.revision()));
        if (inventory.member(ref).filter(m -> !m.created()).isPresent()) {
            annotations.put(Inventory.ADOPTED, "true");
        }
        metadata.put("annotations", annotations);
        manifest.put("metadata", metadata);
        return manifest;
    }
}
