package dev.flotilla.agent.reconcile;

import dev.flotilla.agent.backend.ApplyResult;
import dev.flotilla.agent.backend.ClusterBackend;
import dev.flotilla.agent.backend.FieldPaths;
import dev.flotilla.agent.backend.Workload;
import dev.flotilla.agent.backend.WorkloadRef;
import dev.flotilla.agent.backend.WorkloadShape;
import dev.flotilla.api.agent.WorkItem;
import dev.flotilla.api.agent.WorkPhase;
import dev.flotilla.api.kruise.ApiVersions;
import dev.flotilla.api.kruise.ManifestValidator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies a work item's manifest with the cluster strategy and holding partitions written in. The new template and
 * "partition = replicas" go in one request, so the controller never sees the template without the hold. If the
 * workload already carries this revision (an agent restart, a pause toggled), its live partitions are kept: the
 * rollout goes on where it stands and no pod is held back again.
 *
 * <p>{@code spec.replicas} is sent on create and while the agent owns the field; once another field manager (an
 * autoscaler through the scale subresource, an operator's {@code kubectl scale}) has taken it, it is left out so
 * the agent does not fight over the size. The revision's replicas are the initial size, not a constraint.
 */
final class ItemApplier {

    static final String FIELD_MANAGER = ClusterBackend.FIELD_MANAGER;
    static final String WORK_ID = "flotilla.dev/work-id";
    static final String REVISION = "flotilla.dev/revision";
    static final String GENERATION = "flotilla.dev/work-generation";

    private final ClusterBackend backend;

    ItemApplier(ClusterBackend backend) {
        this.backend = backend;
    }

    Outcome apply(WorkItem item, ItemState state, Optional<Workload> live, WorkloadShape shape) {
        Map<String, Object> manifest = manifest(item);
        live.filter(ItemApplier::replicasOwnedByOthers).ifPresent(w -> FieldPaths.remove(manifest, "spec.replicas"));
        if (shape.partitioned()) {
            writePartitions(item, live, shape, manifest);
        } else {
            shape.shape(manifest, item.strategy(), Map.of(), item.paused());
        }
        List<String> problems = ManifestValidator.validate(item.kind(), manifest);
        if (!problems.isEmpty()) {
            // the strategy the agent wrote in can break a rule the revision alone kept (maxSurge with InPlaceOnly)
            return new Outcome(WorkPhase.FAILED, 0, 0, null, "not applied, Kruise's webhook would refuse it: "
                    + String.join("; ", problems));
        }
        ApplyResult result = backend.apply(WorkloadRef.of(item), manifest);
        if (result instanceof ApplyResult.Applied applied) {
            state.applied(item.generation());
            return new Outcome(WorkPhase.APPLYING, 0, 0, shape.observed(applied.workload()),
                    "applied revision " + item.revision());
        }
        if (result instanceof ApplyResult.Conflict conflict) {
            return new Outcome(WorkPhase.APPLYING, 0, 0, null,
                    "conflict while applying, applying again: " + conflict.message());
        }
        return new Outcome(WorkPhase.FAILED, 0, 0, null,
                "manifest rejected: " + ((ApplyResult.Rejected) result).message());
    }

    private static void writePartitions(WorkItem item, Optional<Workload> live, WorkloadShape shape,
            Map<String, Object> manifest) {
        Map<String, Object> projected = FieldPaths.deepCopy(manifest);
        live.ifPresent(w -> {
            projected.put("status", w.status());
            if (FieldPaths.get(projected, "spec.replicas") == null && FieldPaths.get(w.object(), "spec.replicas") != null) {
                FieldPaths.set(projected, "spec.replicas", FieldPaths.get(w.object(), "spec.replicas"));
            }
        });
        PartitionPlan plan = PartitionPlan.of(shape, projected, item.strategy(), item.rollback());
        Map<String, Integer> partitions;
        if (item.rollback()) {
            partitions = plan.zeros();
        } else if (live.filter(w -> carries(w, item)).isPresent()) {
            partitions = shape.partitions(live.get().object());
        } else {
            partitions = plan.hold();
        }
        boolean keepPause = item.paused() && live.map(w -> shape.paused(w.object())).orElse(false);
        shape.shape(manifest, item.strategy(), partitions, keepPause);
    }

    private static Map<String, Object> manifest(WorkItem item) {
        Map<String, Object> manifest = ApiVersions.toStorage(item.kind(), item.manifest() == null
                ? Map.<String, Object>of() : item.manifest());
        WorkloadRef ref = WorkloadRef.of(item);
        manifest.put("apiVersion", ref.apiVersion());
        manifest.put("kind", item.kind().name());
        FieldPaths.set(manifest, "metadata.name", item.name());
        if (ref.namespace() != null) {
            FieldPaths.set(manifest, "metadata.namespace", ref.namespace());
        }
        // annotation keys contain dots, which FieldPaths would split: write them into the map itself
        Map<String, Object> annotations = new java.util.LinkedHashMap<>(
                FieldPaths.map(manifest, "metadata.annotations"));
        annotations.put(WORK_ID, item.workId());
        annotations.put(REVISION, String.valueOf(item.revision()));
        annotations.put(GENERATION, String.valueOf(item.generation()));
        FieldPaths.set(manifest, "metadata.annotations", annotations);
        Map<String, Object> labels = new java.util.LinkedHashMap<>(FieldPaths.map(manifest, "metadata.labels"));
        labels.put(ClusterBackend.MANAGED_BY, FIELD_MANAGER);
        FieldPaths.set(manifest, "metadata.labels", labels);
        manifest.remove("status");
        return manifest;
    }

    /** Whether the live workload already holds this item's revision (its template was applied by this item). */
    static boolean carries(Workload workload, WorkItem item) {
        return item.workId().equals(workload.annotation(WORK_ID))
                && String.valueOf(item.revision()).equals(workload.annotation(REVISION));
    }

    /** Whether the cluster shows the object as applied at this item's generation (caches may lag a little). */
    static boolean current(Workload workload, WorkItem item) {
        return item.workId().equals(workload.annotation(WORK_ID))
                && String.valueOf(item.generation()).equals(workload.annotation(GENERATION));
    }

    private static boolean replicasOwnedByOthers(Workload workload) {
        if (!(FieldPaths.get(workload.object(), "metadata.managedFields") instanceof List<?> entries)) {
            return false;
        }
        return entries.stream().anyMatch(e -> e instanceof Map<?, ?> entry
                && !FIELD_MANAGER.equals(entry.get("manager"))
                && entry.get("fieldsV1") instanceof Map<?, ?> fields
                && fields.get("f:spec") instanceof Map<?, ?> spec && spec.containsKey("f:replicas"));
    }
}
