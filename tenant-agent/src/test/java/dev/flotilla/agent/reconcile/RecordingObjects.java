package dev.flotilla.agent.reconcile;

import dev.flotilla.agent.backend.ApplyResult;
import dev.flotilla.agent.backend.BuiltinKinds;
import dev.flotilla.agent.backend.ClusterBackend;
import dev.flotilla.agent.backend.DeleteResult;
import dev.flotilla.agent.backend.FieldPaths;
import dev.flotilla.agent.backend.ObjectRef;
import dev.flotilla.agent.backend.PatchResult;
import dev.flotilla.agent.backend.Scope;
import dev.flotilla.agent.backend.Workload;
import dev.flotilla.agent.backend.WorkloadRef;
import dev.flotilla.api.agent.ClusterFacts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Objects of any kind held in memory for unit tests of the bundle bookkeeping, recording every apply and delete in
 * order;
 * objects named in {@link #held} stay after their deletion was asked (a finalizer), until released.
 */
final class RecordingObjects implements ClusterBackend {

    final Map<String, Map<String, Object>> objects = new LinkedHashMap<>();
    final List<String> deletes = new ArrayList<>();
    final List<String> applies = new ArrayList<>();
    final Set<String> held = new java.util.HashSet<>();
    /** Objects the API server forbids reading (RBAC). */
    final Set<String> forbidden = new java.util.HashSet<>();

    void put(ObjectRef ref, Map<String, Object> object) {
        objects.put(ref.key(), object);
    }

    @Override
    public Scope scope(String apiVersion, String kind) {
        return ObjectRef.workloadKind(apiVersion, kind).map(k -> k.namespaced() ? Scope.NAMESPACED : Scope.CLUSTER)
                .or(() -> BuiltinKinds.of(apiVersion, kind).map(k -> k.namespaced() ? Scope.NAMESPACED
                        : Scope.CLUSTER)).orElse(Scope.UNKNOWN);
    }

    @Override
    public ApplyResult applyObject(ObjectRef ref, Map<String, Object> manifest) {
        objects.put(ref.key(), FieldPaths.deepCopy(manifest));
        applies.add(ref.toString());
        return new ApplyResult.Applied(new Workload(manifest));
    }

    @Override
    public Optional<Map<String, Object>> readObject(ObjectRef ref) {
        if (forbidden.contains(ref.toString())) {
            throw new dev.flotilla.agent.backend.ObjectRefused(ref, "403: " + ref.kind().toLowerCase()
                    + "s is forbidden");
        }
        return Optional.ofNullable(objects.get(ref.key()));
    }

    @Override
    public DeleteResult deleteObject(ObjectRef ref) {
        deletes.add(ref.toString());
        if (!held.contains(ref.toString())) {
            objects.remove(ref.key());
        }
        return new DeleteResult.Requested();
    }

    void release(ObjectRef ref) {
        held.remove(ref.toString());
        objects.remove(ref.key());
    }

    @Override
    public ApplyResult apply(WorkloadRef ref, Map<String, Object> manifest) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Workload> read(WorkloadRef ref) {
        return Optional.empty();
    }

    @Override
    public PatchResult patch(WorkloadRef ref, Map<String, Object> mergePatch) {
        return new PatchResult.Missing();
    }

    @Override
    public void delete(WorkloadRef ref) {
    }

    @Override
    public ClusterFacts facts() {
        return null;
    }

    @Override
    public Map<String, Map<String, String>> podLabels(WorkloadRef ref) {
        return Map.of();
    }

    @Override
    public Map<String, Boolean> etcdLeadership(WorkloadRef ref) {
        return Map.of();
    }

    @Override
    public void labelPods(WorkloadRef ref, Map<String, Map<String, String>> labelsByPod) {
    }
}
