package dev.flotilla.api.kruise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.api.agent.WorkloadKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The versions of config/crd/bases in OpenKruise v1.9.0 and the conversions of apis/apps/v1alpha1. */
class ApiVersionsTest {

    @Test
    void crdBasesServeV1alpha1AndStoreV1beta1ForStatefulSetSidecarSetAndBroadcastJob() {
        for (WorkloadKind kind : List.of(WorkloadKind.StatefulSet, WorkloadKind.SidecarSet, WorkloadKind.BroadcastJob)) {
            assertThat(ApiVersions.served(kind)).containsExactly("apps.kruise.io/v1alpha1", "apps.kruise.io/v1beta1");
            assertThat(ApiVersions.storage(kind)).isEqualTo("apps.kruise.io/v1beta1");
        }
        assertThat(ApiVersions.served(WorkloadKind.CloneSet)).containsExactly("apps.kruise.io/v1alpha1");
        assertThat(ApiVersions.served(WorkloadKind.UnitedDeployment)).containsExactly("apps.kruise.io/v1alpha1");
    }

    @Test
    void sidecarSetConversionTurnsTheV1alpha1NamespaceAndCustomVersionLabelIntoV1beta1Fields() {
        Map<String, Object> v1alpha1 = Manifests.parse("""
                apiVersion: apps.kruise.io/v1alpha1
                kind: SidecarSet
                metadata: {name: mesh, labels: {apps.kruise.io/sidecarset-custom-version: "7", team: net}}
                spec:
                  namespace: shop
                  selector: {matchLabels: {app: web}}
                  containers: [{name: proxy, image: "proxy:1"}]
                """);

        Map<String, Object> stored = ApiVersions.toStorage(WorkloadKind.SidecarSet, v1alpha1);

        assertThat(stored.get("apiVersion")).isEqualTo("apps.kruise.io/v1beta1");
        assertThat(spec(stored)).doesNotContainKey("namespace")
                .containsEntry("namespaceSelector", Map.of("matchLabels", Map.of("kubernetes.io/metadata.name", "shop")))
                .containsEntry("customVersion", "7");
        assertThat(((Map<?, ?>) ((Map<?, ?>) stored.get("metadata")).get("labels"))).isEqualTo(Map.of("team", "net"));
        assertThat(((Map<?, ?>) v1alpha1.get("spec")).containsKey("namespace")).isTrue();
        assertThat(ManifestValidator.validate(WorkloadKind.SidecarSet, stored)).isEmpty();
    }

    @Test
    void statefulSetConversionKeepsEveryV1alpha1FieldAsIs() {
        Map<String, Object> v1alpha1 = Manifests.valid(WorkloadKind.StatefulSet);
        v1alpha1.put("apiVersion", "apps.kruise.io/v1alpha1");

        Map<String, Object> stored = ApiVersions.toStorage(WorkloadKind.StatefulSet, v1alpha1);

        assertThat(stored).containsEntry("apiVersion", "apps.kruise.io/v1beta1");
        assertThat(stored.get("spec")).isEqualTo(v1alpha1.get("spec"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(Map<String, Object> manifest) {
        return (Map<String, Object>) manifest.get("spec");
    }
}
