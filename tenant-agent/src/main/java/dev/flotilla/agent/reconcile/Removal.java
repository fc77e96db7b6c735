package dev.flotilla.agent.reconcile;

import dev.flotilla.agent.backend.ApplyResult;
import dev.flotilla.agent.backend.ClusterBackend;
import dev.flotilla.agent.backend.DeleteResult;
import dev.flotilla.agent.backend.ObjectRef;
import dev.flotilla.api.agent.ResourceStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Deletes members of an application's inventory (those a new revision dropped, or all of them for an uninstall),
 * one stage at a time, each stage only once the previous one is gone: the Kruise workloads first (their pods stop
 * before what they use goes), then the other objects in reverse apply order, then Namespaces and
 * CustomResourceDefinitions (deleting either deletes everything in it, which must have gone the orderly way). A
 * member the agent did not create, or that no longer carries the application's ApplySet label, is left in place and
 * only dropped from the inventory. Level-triggered: every pass reads each member of the current stage again.
 */
final class Removal {

    /** Where a removal stands after one pass. */
    sealed interface Step {
        record Done() implements Step {
        }

        record Deleting(int remaining) implements Step {
        }

        record Refused(ObjectRef ref, String message) implements Step {
        }
    }

    private final ClusterBackend backend;

    Removal(ClusterBackend backend) {
        this.backend = backend;
    }

    /** The order of deletion: stages of members, each stage in reverse apply order. */
    static List<List<Inventory.Member>> stages(List<Inventory.Member> members) {
        List<Inventory.Member> reversed = new ArrayList<>(members);
        Collections.reverse(reversed);
        List<List<Inventory.Member>> stages = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (Inventory.Member m : reversed) {
            stages.get(m.ref().workloadKind().isPresent() ? 0 : last(m.ref()) ? 2 : 1).add(m);
        }
        return stages;
    }

    private static boolean last(ObjectRef ref) {
        return ref.groupKind().equals("Namespace") || ref.groupKind().equals(
                "CustomResourceDefinition.apiextensions.k8s.io");
    }

    /** What one member came to in a pass. */
    private enum Standing { GONE, DELETING, REFUSED }

    /**
     * One pass: marks each member's status ({@code gone} once deleted, IN_PROGRESS while deleting, PENDING while an
     * earlier stage is), drops the gone ones from the inventory, and writes the inventory if it changed.
     */
    Step step(List<Inventory.Member> members, Inventory inventory, ItemState state, ResourceStatus.State gone) {
        int remaining = 0;
        for (List<Inventory.Member> stage : stages(members)) {
            if (remaining > 0) {
                stage.forEach(m -> Statuses.put(state, m.ref(), ResourceStatus.State.PENDING,
                        "deleted once the objects before it are gone", null));
                continue;
            }
            for (Inventory.Member m : stage) {
                Standing standing = remove(m, inventory, state, gone);
                if (standing == Standing.REFUSED) {
                    return new Step.Refused(m.ref(), state.statuses.get(m.ref().key()).message());
                }
                remaining += standing == Standing.DELETING ? 1 : 0;
            }
        }
        if (inventory.write(backend) instanceof ApplyResult.Rejected rejected) {
            return new Step.Refused(inventory.parent(), rejected.message());
        }
        return remaining == 0 ? new Step.Done() : new Step.Deleting(remaining);
    }

    private Standing remove(Inventory.Member m, Inventory inventory, ItemState state, ResourceStatus.State gone) {
        ObjectRef ref = m.ref();
        if (!m.created()) {
            inventory.remove(ref);
            Statuses.put(state, ref, gone, "left in place: it existed before Flotilla applied it", null);
            return Standing.GONE;
        }
        Optional<Map<String, Object>> live = backend.readObject(ref);
        if (live.isEmpty()) {
            inventory.remove(ref);
            state.deleting.remove(ref.key());
            Statuses.put(state, ref, gone, null, null);
            return Standing.GONE;
        }
        if (inventory.member(ref).isPresent() && !inventory.labels(live.get())) {
            inventory.remove(ref);
            Statuses.put(state, ref, gone, "left in place: it no longer carries the application's "
                    + Inventory.PART_OF + " label", null);
            return Standing.GONE;
        }
        if (state.deleting.add(ref.key()) && backend.deleteObject(ref) instanceof DeleteResult.Refused refused) {
            state.deleting.remove(ref.key());
            Statuses.put(state, ref, ResourceStatus.State.FAILED, "delete refused: " + refused.message(), null);
            return Standing.REFUSED;
        }
        Statuses.put(state, ref, ResourceStatus.State.IN_PROGRESS, "deleting", null);
        return Standing.DELETING;
    }
}
