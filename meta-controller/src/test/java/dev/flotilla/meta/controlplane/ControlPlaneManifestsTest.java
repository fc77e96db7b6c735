package dev.flotilla.meta.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.api.kruise.ManifestValidator;
import dev.flotilla.meta.upgrade.Catalogs;
import dev.flotilla.meta.versions.ControlPlaneComponent;
import dev.flotilla.meta.versions.KubernetesRelease;
import dev.flotilla.meta.versions.VersionCatalog;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ControlPlaneManifestsTest {

    private static final VersionCatalog CATALOG = Catalogs.shipped();
    private static final HostedControlPlane CONTROL_PLANE = Catalogs.controlPlane("1.30");

    static Stream<Arguments> everyComponentAtEveryRelease() {
        return CATALOG.releases().stream().flatMap(release -> Stream.of(ControlPlaneComponent.values())
                .map(component -> Arguments.of(component, release)));
    }

    @ParameterizedTest(name = "{0} at {1}")
    @MethodSource("everyComponentAtEveryRelease")
    void everyGeneratedWorkloadPassesTheManifestValidator(ControlPlaneComponent component, KubernetesRelease release) {
        Map<String, Object> manifest = ControlPlaneManifests.manifest(CONTROL_PLANE, component, release);

        assertThat(ManifestValidator.validate(component.kind(), manifest)).isEmpty();
        assertThat(manifest).containsEntry("apiVersion", component.kind().apiVersion())
                .containsEntry("kind", component.kind().name());
        assertThat(at(manifest, "metadata.namespace")).isEqualTo("cp-tenant-a");
        assertThat(at(manifest, "metadata.name")).isEqualTo(component.workloadName());
        assertThat(container(manifest)).containsEntry("image", release.image(component));
    }

    @Test
    @SuppressWarnings("unchecked")
    void etcdIsAnAdvancedStatefulSetOfThreeUpdatedInPlaceOneAtATimeWithTheLeaderLast() {
        Map<String, Object> etcd = manifest(ControlPlaneComponent.ETCD, "1.31");

        assertThat(etcd).containsEntry("apiVersion", "apps.kruise.io/v1beta1").containsEntry("kind", "StatefulSet");
        assertThat(at(etcd, "spec.replicas")).isEqualTo(3);
        assertThat(at(etcd, "spec.podManagementPolicy")).isEqualTo("Parallel");
        assertThat(at(etcd, "spec.updateStrategy.rollingUpdate.maxUnavailable")).isEqualTo(1);
        assertThat(at(etcd, "spec.updateStrategy.rollingUpdate.podUpdatePolicy")).isEqualTo("InPlaceIfPossible");
        assertThat((List<Object>) at(etcd, "spec.template.spec.readinessGates"))
                .containsExactly(Map.of("conditionType", "InPlaceUpdateReady"));
        List<?> weights = (List<?>) at(etcd, "spec.updateStrategy.rollingUpdate.unorderedUpdate.priorityStrategy.weightPriority");
        assertThat(weights).hasSize(1);
        Map<?, ?> followersFirst = (Map<?, ?>) weights.get(0);
        assertThat(followersFirst.get("weight")).isEqualTo(100);
        assertThat(followersFirst.get("matchSelector"))
                .isEqualTo(Map.of("matchLabels", Map.of("etcd.flotilla.dev/role", "follower")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theApiserverSurgesOneNewPodAndNeverDropsBelowItsReplicas() {
        Map<String, Object> apiserver = manifest(ControlPlaneComponent.KUBE_APISERVER, "1.31");

        assertThat(at(apiserver, "spec.replicas")).isEqualTo(3);
        assertThat(at(apiserver, "spec.updateStrategy.type")).isEqualTo("InPlaceIfPossible");
        assertThat(at(apiserver, "spec.updateStrategy.maxUnavailable")).isEqualTo(0);
        assertThat(at(apiserver, "spec.updateStrategy.maxSurge")).isEqualTo(1);
        assertThat((List<Object>) at(apiserver, "spec.template.spec.containers[0].args"))
                .contains("--etcd-servers=https://etcd-0.etcd.cp-tenant-a.svc:2379,"
                        + "https://etcd-1.etcd.cp-tenant-a.svc:2379,https://etcd-2.etcd.cp-tenant-a.svc:2379");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theControllerManagerAndSchedulerAreCloneSetsUpdatedInPlace() {
        for (ControlPlaneComponent component : List.of(ControlPlaneComponent.KUBE_CONTROLLER_MANAGER,
                ControlPlaneComponent.KUBE_SCHEDULER)) {
            Map<String, Object> manifest = manifest(component, "1.31");
            assertThat(manifest).containsEntry("kind", "CloneSet");
            assertThat(at(manifest, "spec.updateStrategy.type")).isEqualTo("InPlaceIfPossible");
            assertThat((List<Object>) at(manifest, "spec.template.spec.containers[0].args")).contains("--leader-elect=true");
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(ControlPlaneComponent.class)
    void betweenReleasesOnlyImagesAndTheVersionLabelChangeSoKruiseUpdatesInPlace(ControlPlaneComponent component) {
        Map<String, Object> older = manifest(component, "1.30");
        Map<String, Object> newer = manifest(component, "1.31");

        assertThat(container(older).get("image")).isNotEqualTo(container(newer).get("image"));
        container(older).remove("image");
        container(newer).remove("image");
        ((Map<?, ?>) at(older, "metadata.labels")).remove("flotilla.dev/kubernetes-version");
        ((Map<?, ?>) at(newer, "metadata.labels")).remove("flotilla.dev/kubernetes-version");
        assertThat(newer).isEqualTo(older);
    }

    private static Map<String, Object> manifest(ControlPlaneComponent component, String version) {
        return ControlPlaneManifests.manifest(CONTROL_PLANE, component, CATALOG.release(version).orElseThrow());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> container(Map<String, Object> manifest) {
        return (Map<String, Object>) at(manifest, "spec.template.spec.containers[0]");
    }

    /** The value at a dotted path; {@code name[0]} indexes a list. */
    static Object at(Map<String, Object> manifest, String path) {
        Object node = manifest;
        for (String part : path.split("\\.")) {
            int bracket = part.indexOf('[');
            String key = bracket < 0 ? part : part.substring(0, bracket);
            node = ((Map<?, ?>) node).get(key);
            if (bracket >= 0) {
                node = ((List<?>) node).get(Integer.parseInt(part.substring(bracket + 1, part.length() - 1)));
            }
        }
        return node;
    }
}
