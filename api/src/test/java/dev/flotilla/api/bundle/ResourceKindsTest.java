package dev.flotilla.api.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.api.agent.WorkloadKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResourceKindsTest {

    @Test
    void tellsKruiseWorkloadsByKindAndTheAdvancedStatefulSetByItsGroup() {
        assertThat(ResourceKinds.kruiseWorkload("apps.kruise.io/v1alpha1", "CloneSet")).contains(WorkloadKind.CloneSet);
        assertThat(ResourceKinds.kruiseWorkload("apps/v1", "CloneSet"))
                .as("a CloneSet of another group is still taken as Kruise's, so its rules refuse the apiVersion")
                .contains(WorkloadKind.CloneSet);
        assertThat(ResourceKinds.kruiseWorkload("apps.kruise.io/v1beta1", "StatefulSet"))
                .contains(WorkloadKind.StatefulSet);
        assertThat(ResourceKinds.kruiseWorkload("apps/v1", "StatefulSet")).isEmpty();
        assertThat(ResourceKinds.kruiseWorkload("apps.kruise.io/v1alpha1", "DaemonSet")).isEmpty();
        assertThat(ResourceKinds.kruiseWorkload("v1", "ConfigMap")).isEmpty();
    }

    @Test
    void knowsBuiltInClusterScopedKindsByGroupAndLearnsThoseOfTheBundlesOwnCrds() {
        BundleScopes scopes = BundleScopes.of(List.of(crd("example.com", "Widget", "Cluster"),
                crd("example.com", "Gadget", "Namespaced")));

        assertThat(scopes.clusterScoped("v1", "Namespace")).isTrue();
        assertThat(scopes.clusterScoped("rbac.authorization.k8s.io/v1", "ClusterRole")).isTrue();
        assertThat(scopes.clusterScoped("apps.kruise.io/v1alpha1", "SidecarSet")).isTrue();
        assertThat(scopes.clusterScoped("scheduling.k8s.io/v1", "PriorityClass")).isTrue();
        assertThat(scopes.clusterScoped("example.com/v1", "Widget")).isTrue();
        assertThat(scopes.clusterScoped("example.com/v1", "Gadget")).isFalse();
        assertThat(scopes.clusterScoped("other.com/v1", "Widget")).isFalse();
        assertThat(scopes.clusterScoped("example.com/v1", "Namespace")).as("another group's Namespace").isFalse();
        assertThat(scopes.clusterScoped("v1", "ConfigMap")).isFalse();
        assertThat(scopes.clusterScoped("apps.kruise.io/v1alpha1", "CloneSet")).isFalse();
    }

    @Test
    void identifiesAnObjectByGroupKindNamespaceAndName() {
        ResourceId alpha = ResourceId.of(Map.of("apiVersion", "apps.kruise.io/v1alpha1", "kind", "StatefulSet",
                "metadata", Map.of("name", "db", "namespace", "shop")));
        ResourceId beta = ResourceId.of(Map.of("apiVersion", "apps.kruise.io/v1beta1", "kind", "StatefulSet",
                "metadata", Map.of("name", "db", "namespace", "shop")));

        assertThat(alpha).isEqualTo(beta);
        assertThat(alpha).hasToString("StatefulSet shop/db");
        assertThat(ResourceId.of(Map.of("apiVersion", "v1", "kind", "Namespace", "metadata", Map.of("name", "shop"))))
                .hasToString("Namespace shop");
    }

    private static Map<String, Object> crd(String group, String kind, String scope) {
        return Map.of("apiVersion", "apiextensions.k8s.io/v1", "kind", "CustomResourceDefinition",
                "metadata", Map.of("name", kind.toLowerCase() + "s." + group),
                "spec", Map.of("group", group, "scope", scope, "names", Map.of("kind", kind)));
    }
}
