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
import dev.flotilla.api.kruise.ManifestValidator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the agent writes (the manifest with the strategy, holding partitions and pause switch written in) passes
 * the OpenKruise v1.9.0 webhook rules of its kind, for every update type and batch plan the hub may send; a
 * combination the webhook refuses is never sent.
 */
class AgentWritesConformanceTest {

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

    static Stream<Arguments> everyKindWithEveryStrategy() {
        Map<String, Object> astsUnitedDeployment = Manifests.unitedDeployment("zoned", 4, "web:v2", "a", "b");
        Map<String, Object> template = FieldPaths.map(astsUnitedDeployment, "spec.template");
        template.put("advancedStatefulSetTemplate", template.remove("cloneSetTemplate"));
        FieldPaths.set(astsUnitedDeployment, "spec.template.advancedStatefulSetTemplate.spec.podManagementPolicy",
                "Parallel");
        Map<String, Object> selectedSidecarSet = Manifests.sidecarSet("mesh", "proxy:v2");
        FieldPaths.set(selectedSidecarSet, "spec.updateStrategy", map("selector",
                map("matchLabels", map("canary", "true"))));
        Stream.Builder<Arguments> cases = Stream.builder();
        for (UpdateType type : UpdateType.values()) {
            ClusterStrategy strategy = new ClusterStrategy(type, "25%", null,
                    List.of(new ClusterStrategy.Batch("50%", 30), new ClusterStrategy.Batch("1", null)), null);
            cases.add(Arguments.of(WorkloadKind.CloneSet, Manifests.cloneSet("web", 4, "web:v2"), strategy));
            cases.add(Arguments.of(WorkloadKind.StatefulSet, Manifests.statefulSet("db", 3, "db:v2"), strategy));
            cases.add(Arguments.of(WorkloadKind.UnitedDeployment,
                    Manifests.unitedDeployment("ud", 6, "web:v2", "a", "b", "c"), strategy));
            cases.add(Arguments.of(WorkloadKind.UnitedDeployment, astsUnitedDeployment, strategy));
            cases.add(Arguments.of(WorkloadKind.SidecarSet, Manifests.sidecarSet("proxy", "proxy:v2"), strategy));
            cases.add(Arguments.of(WorkloadKind.SidecarSet, selectedSidecarSet, strategy));
        }
        cases.add(Arguments.of(WorkloadKind.BroadcastJob, Manifests.broadcastJob("warm", "task:v2", "FailFast"),
                ClusterStrategy.oneBatch()));
        return cases.build();
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("everyKindWithEveryStrategy")
    void whatTheAgentWritesPassesTheWebhookOfItsKind(WorkloadKind kind, Map<String, Object> manifest,
            ClusterStrategy strategy) {
        WorkItem item = Manifests.item("w", kind, manifest, 2, strategy, false, false, 1);

        Outcome outcome = new ItemApplier(capture).apply(item, new ItemState(), Optional.empty(),
                WorkloadShape.of(kind, manifest));

        assertThat(outcome.phase()).as(outcome.message()).isEqualTo(WorkPhase.APPLYING);
        assertThat(ManifestValidator.validate(kind, sent)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void aCombinationTheWebhookRefusesIsNeverSent(String rule, WorkloadKind kind, Map<String, Object> manifest,
            ClusterStrategy strategy, String problem) {
        WorkItem item = Manifests.item("w", kind, manifest, 2, strategy, false, false, 1);

        Outcome outcome = new ItemApplier(capture).apply(item, new ItemState(), Optional.empty(),
                WorkloadShape.of(kind, manifest));

        assertThat(sent).isNull();
        assertThat(outcome.phase()).isEqualTo(WorkPhase.FAILED);
        assertThat(outcome.message()).contains(problem);
    }

    static Stream<Arguments> aCombinationTheWebhookRefusesIsNeverSent() {
        Map<String, Object> orderedReady = Manifests.statefulSet("db", 3, "db:v2");
        FieldPaths.set(orderedReady, "spec.podManagementPolicy", "OrderedReady");
        return Stream.of(
                Arguments.of("CloneSet: can not use maxSurge with strategy type InPlaceOnly", WorkloadKind.CloneSet,
                        Manifests.cloneSet("web", 4, "web:v2"), new ClusterStrategy(UpdateType.InPlaceOnly, "1",
                                "25%", List.of(), null), "maxSurge: not allowed with InPlaceOnly"),
                Arguments.of("StatefulSet: maxUnavailable other than 1 can only work with Parallel",
                        WorkloadKind.StatefulSet, orderedReady, new ClusterStrategy(UpdateType.ReCreate, "2", null,
                                List.of(), null), "needs podManagementPolicy: Parallel"));
    }
}
