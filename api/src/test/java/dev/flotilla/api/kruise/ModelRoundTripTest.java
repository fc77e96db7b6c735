package dev.flotilla.api.kruise;

import static dev.flotilla.api.kruise.Manifests.SERIALIZATION;
import static dev.flotilla.api.kruise.Manifests.parse;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each model reads a full manifest (spec and status) and writes back exactly the same JSON. */
class ModelRoundTripTest {

    @ParameterizedTest(name = "{0} keeps every field")
    @MethodSource
    void writesBackEveryFieldItRead(Class<? extends HasMetadata> type, String yaml) {
        Map<String, Object> original = parse(yaml);

        HasMetadata typed = SERIALIZATION.convertValue(original, type);
        Map<?, ?> written = SERIALIZATION.convertValue(parse(SERIALIZATION.asJson(typed)), LinkedHashMap.class);

        assertThat(written).isEqualTo(original);
    }

    static Stream<Arguments> writesBackEveryFieldItRead() {
        return Stream.of(
                Arguments.of(CloneSet.class, RoundTripManifests.CLONE_SET),
                Arguments.of(AdvancedStatefulSet.class, RoundTripManifests.STATEFUL_SET),
                Arguments.of(UnitedDeployment.class, RoundTripManifests.UNITED_DEPLOYMENT),
                Arguments.of(SidecarSet.class, RoundTripManifests.SIDECAR_SET),
                Arguments.of(BroadcastJob.class, RoundTripManifests.BROADCAST_JOB));
    }

    @ParameterizedTest(name = "{0} is {1}/{2}, plural {3}, namespaced {4}")
    @MethodSource
    void declaresItsKruiseCoordinates(Class<? extends CustomResource<?, ?>> type, String group, String version,
            String plural, boolean namespaced) throws Exception {
        CustomResource<?, ?> resource = type.getDeclaredConstructor().newInstance();

        assertThat(resource.getApiVersion()).isEqualTo(group + "/" + version);
        assertThat(resource.getPlural()).isEqualTo(plural);
        assertThat(resource instanceof Namespaced).isEqualTo(namespaced);
    }

    static Stream<Arguments> declaresItsKruiseCoordinates() {
        return Stream.of(
                Arguments.of(CloneSet.class, "apps.kruise.io", "v1alpha1", "clonesets", true),
                Arguments.of(AdvancedStatefulSet.class, "apps.kruise.io", "v1beta1", "statefulsets", true),
                Arguments.of(UnitedDeployment.class, "apps.kruise.io", "v1alpha1", "uniteddeployments", true),
                Arguments.of(SidecarSet.class, "apps.kruise.io", "v1alpha1", "sidecarsets", false),
                Arguments.of(BroadcastJob.class, "apps.kruise.io", "v1alpha1", "broadcastjobs", true));
    }

    @Test
    void advancedStatefulSetIsKindStatefulSet() {
        assertThat(new AdvancedStatefulSet().getKind()).isEqualTo("StatefulSet");
    }

    @Test
    void exposesTheCloneSetStrategyAndStatusAsTypedFields() {
        CloneSet cloneSet = SERIALIZATION.convertValue(parse(RoundTripManifests.CLONE_SET), CloneSet.class);

        CloneSetSpec.UpdateStrategy strategy = cloneSet.getSpec().updateStrategy();
        assertThat(strategy.type()).isEqualTo("InPlaceIfPossible");
        assertThat(strategy.partition().getStrVal()).isEqualTo("80%");
        assertThat(strategy.maxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(strategy.paused()).isFalse();
        assertThat(strategy.priorityStrategy().weightPriority()).hasSize(1);
        assertThat(cloneSet.getStatus().expectedUpdatedReplicas()).isEqualTo(2);
        assertThat(cloneSet.getStatus().conditions()).extracting(WorkloadCondition::type)
                .containsExactly("FailedScale");
    }

    @Test
    void reachesTheAdvancedStatefulSetReadinessGateThroughTheTemplate() {
        AdvancedStatefulSet statefulSet =
                SERIALIZATION.convertValue(parse(RoundTripManifests.STATEFUL_SET), AdvancedStatefulSet.class);

        assertThat(statefulSet.getSpec().template().getSpec().getReadinessGates())
                .extracting(gate -> gate.getConditionType()).containsExactly("InPlaceUpdateReady");
        assertThat(statefulSet.getSpec().updateStrategy().rollingUpdate().podUpdatePolicy())
                .isEqualTo("InPlaceIfPossible");
        assertThat(statefulSet.getStatus().updatedReadyReplicas()).isEqualTo(2);
    }

    @Test
    void exposesUnitedDeploymentSubsetsAndPartitions() {
        UnitedDeployment unitedDeployment =
                SERIALIZATION.convertValue(parse(RoundTripManifests.UNITED_DEPLOYMENT), UnitedDeployment.class);

        assertThat(unitedDeployment.getSpec().topology().subsets()).extracting(UnitedDeploymentSpec.Subset::name)
                .containsExactly("zone-a", "zone-b");
        assertThat(unitedDeployment.getSpec().updateStrategy().manualUpdate().partitions())
                .containsEntry("zone-a", 2);
        assertThat(unitedDeployment.getSpec().template().cloneSetTemplate().spec().updateStrategy().type())
                .isEqualTo("InPlaceIfPossible");
        assertThat(unitedDeployment.getStatus().updateStatus().currentPartitions()).containsEntry("zone-b", 1);
    }
}
