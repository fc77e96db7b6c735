package dev.flotilla.agent.reconcile;

import static dev.flotilla.agent.support.Manifests.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.agent.backend.ApplyResult;
import dev.flotilla.agent.backend.ClusterBackend;
import dev.flotilla.agent.backend.FieldPaths;
import dev.flotilla.agent.backend.PatchResult;
import dev.flotilla.agent.backend.Workload;
import dev.flotilla.agent.backend.WorkloadRef;
import dev.flotilla.agent.backend.WorkloadShape;
import dev.flotilla.agent.support.Manifests;
import dev.flotilla.api.agent.ClusterFacts;
import dev.flotilla.api.agent.ClusterStrategy;
import dev.flotilla.api.agent.UpdateType;
import dev.flotilla.api.agent.WorkItem;
import dev.flotilla.api.agent.WorkPhase;
import dev.flotilla.api.agent.WorkloadKind;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the applier sends: holding partitions, strategy, ownership of replicas. */
class ItemApplierTest {

    private Map<String, Object> sent;

    private final ClusterBackend capture = new ClusterBackend() {
        @Override
        public ApplyResult apply(WorkloadRef ref, Map<String, Object> manifest) {
            sent = manifest;
            return new ApplyResult.Applied(new Workload(manifest));
        }

        @Override
        public Optional<Workload> read(WorkloadRef ref) {
            return Optional.empty();
        }

        @Override
        public PatchResult patch(WorkloadRef ref, Map<String, Object> mergePatch) {
            return new PatchResult.Patched();
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
    };

    private final ItemApplier applier = new ItemApplier(capture);

    private static WorkItem v2(boolean rollback) {
        return Manifests.item("web-rollout", WorkloadKind.CloneSet, Manifests.cloneSet("web", 6, "web:v2"), 2,
                new ClusterStrategy(UpdateType.InPlaceIfPossible, "2", "1", List.of(), null), false, rollback, 5);
    }

    private static Workload live(String revision, int partition, String replicasManager) {
        Map<String, Object> object = Manifests.cloneSet("web", 8, "web:v1");
        FieldPaths.set(object, "metadata.annotations", map("flotilla.dev/work-id", "web-rollout",
                "flotilla.dev/revision", revision));
        FieldPaths.set(object, "spec.updateStrategy", map("partition", partition));
        FieldPaths.set(object, "metadata.managedFields", List.of(map("manager", replicasManager,
                "operation", "Update", "fieldsV1", map("f:spec", map("f:replicas", map())))));
        return new Workload(object);
    }

    private void apply(WorkItem item, Workload live) {
        applier.apply(item, new ItemState(), Optional.ofNullable(live), WorkloadShape.of(WorkloadKind.CloneSet));
    }

    @Test
    void holdsEveryPodAtTheOldRevisionWhenTheTemplateIsNew() {
        apply(v2(false), live("1", 0, "flotilla-agent"));

        assertThat(FieldPaths.get(sent, "spec.updateStrategy")).isEqualTo(map("partition", 6, "paused", false,
                "type", "InPlaceIfPossible", "maxUnavailable", 2, "maxSurge", 1));
        assertThat(FieldPaths.map(sent, "metadata.annotations")).containsEntry("flotilla.dev/revision", "2")
                .containsEntry("flotilla.dev/work-generation", "5");
        assertThat(FieldPaths.map(sent, "metadata.labels")).containsEntry("app.kubernetes.io/managed-by",
                "flotilla-agent");
    }

    @Test
    void keepsTheLivePartitionWhenTheWorkloadAlreadyCarriesTheRevision() {
        apply(v2(false), live("2", 3, "flotilla-agent"));

        assertThat(FieldPaths.get(sent, "spec.updateStrategy.partition")).isEqualTo(3);
    }

    @Test
    void rollbackGoesStraightToPartitionZero() {
        apply(v2(true), live("1", 6, "flotilla-agent"));

        assertThat(FieldPaths.get(sent, "spec.updateStrategy.partition")).isEqualTo(0);
    }

    @Test
    void leavesReplicasToAnAutoscalerThatOwnsThem() {
        apply(v2(false), live("1", 0, "horizontal-pod-autoscaler"));

        assertThat(FieldPaths.map(sent, "spec")).doesNotContainKey("replicas");
        assertThat(FieldPaths.get(sent, "spec.updateStrategy.partition")).isEqualTo(8);
    }

    @Test
    void sendsReplicasWhenCreatingOrWhileTheAgentOwnsThem() {
        apply(v2(false), null);
        assertThat(FieldPaths.get(sent, "spec.replicas")).isEqualTo(6);

        apply(v2(false), live("1", 0, "flotilla-agent"));
        assertThat(FieldPaths.get(sent, "spec.replicas")).isEqualTo(6);
    }

    @Test
    void neverSendsWhatTheCloneSetWebhookRefusesCanNotUseMaxSurgeWithInPlaceOnly() {
        WorkItem item = Manifests.item("web-rollout", WorkloadKind.CloneSet, Manifests.cloneSet("web", 6, "web:v2"), 2,
                new ClusterStrategy(UpdateType.InPlaceOnly, "1", "1", List.of(), null), false, false, 5);

        Outcome outcome = applier.apply(item, new ItemState(), Optional.empty(),
                WorkloadShape.of(WorkloadKind.CloneSet));

        assertThat(sent).isNull();
        assertThat(outcome.phase()).isEqualTo(WorkPhase.FAILED);
        assertThat(outcome.message()).contains("spec.updateStrategy.maxSurge: not allowed with InPlaceOnly");
    }
}
