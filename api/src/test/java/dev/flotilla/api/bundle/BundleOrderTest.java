package dev.flotilla.api.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BundleOrderTest {

    @Test
    void appliesNamespacesAndCrdsFirstThenIdentityAndConfigThenServicesThenTheRestThenWorkloadsInManifestOrder() {
        List<Map<String, Object>> bundle = List.of(
                object("apps.kruise.io/v1alpha1", "CloneSet", "web"),
                object("policy/v1", "PodDisruptionBudget", "web"),
                object("v1", "Service", "web"),
                object("apps.kruise.io/v1beta1", "StatefulSet", "db"),
                object("v1", "Secret", "creds"),
                object("rbac.authorization.k8s.io/v1", "RoleBinding", "web"),
                object("v1", "ConfigMap", "web-config"),
                object("rbac.authorization.k8s.io/v1", "ClusterRole", "reader"),
                object("v1", "ServiceAccount", "web"),
                object("apiextensions.k8s.io/v1", "CustomResourceDefinition", "widgets.example.com"),
                object("apps/v1", "StatefulSet", "plain"),
                object("v1", "Namespace", "shop"),
                object("apps.kruise.io/v1alpha1", "BroadcastJob", "warmup"));

        assertThat(BundleOrder.applyOrder(bundle)).extracting(BundleOrderTest::name).containsExactly(
                "shop", "widgets.example.com", "web/ServiceAccount", "reader", "web/RoleBinding", "creds",
                "web-config", "web/Service", "web/PodDisruptionBudget", "plain", "web/CloneSet", "db", "warmup");
    }

    @Test
    void removesInTheExactReverseOfTheApplyOrderSoWorkloadsGoFirst() {
        List<Map<String, Object>> bundle = List.of(object("v1", "ConfigMap", "a"),
                object("apps.kruise.io/v1alpha1", "CloneSet", "first"), object("v1", "Namespace", "ns"),
                object("apps.kruise.io/v1alpha1", "CloneSet", "second"));

        assertThat(BundleOrder.removalOrder(bundle)).extracting(BundleOrderTest::name)
                .containsExactly("second", "first", "a", "ns");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "v1 | Namespace | 0", "apiextensions.k8s.io/v1 | CustomResourceDefinition | 1",
            "v1 | ServiceAccount | 2", "rbac.authorization.k8s.io/v1 | Role | 3",
            "rbac.authorization.k8s.io/v1 | ClusterRoleBinding | 4", "v1 | Secret | 5", "v1 | Service | 6",
            "example.com/v1 | Service | 7", "example.com/v1 | Namespace | 7", "autoscaling/v2 | HorizontalPodAutoscaler | 7",
            "apps/v1 | StatefulSet | 7", "apps.kruise.io/v1beta1 | StatefulSet | 8",
            "apps.kruise.io/v1alpha1 | SidecarSet | 8", "apps.kruise.io/v1alpha1 | UnitedDeployment | 8"})
    void ranksAKindByItsGroupToo(String apiVersion, String kind, int rank) {
        assertThat(BundleOrder.rank(apiVersion, kind)).isEqualTo(rank);
    }

    private static Map<String, Object> object(String apiVersion, String kind, String name) {
        return Map.of("apiVersion", apiVersion, "kind", kind, "metadata", Map.of("name", name));
    }

    /** The name, with the kind where names repeat. */
    private static String name(Map<String, Object> object) {
        String name = (String) ((Map<?, ?>) object.get("metadata")).get("name");
        return name.equals("web") ? name + "/" + object.get("kind") : name;
    }
}
