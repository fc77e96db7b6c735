package dev.flotilla.meta.application;

import static dev.flotilla.meta.application.Bundles.at;
import static dev.flotilla.meta.application.Bundles.cloneSet;
import static dev.flotilla.meta.application.Bundles.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.api.agent.WorkloadKind;
import dev.flotilla.meta.web.FlotillaException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BundleRulesTest {

    @Test
    @SuppressWarnings("unchecked")
    void putsNamespacedObjectsWithoutANamespaceInTheApplicationsAndLeavesClusterScopedOnesWithout() {
        Map<String, Object> elsewhere = object("rbac.authorization.k8s.io/v1", "RoleBinding", "reader");
        ((Map<String, Object>) elsewhere.get("metadata")).put("namespace", "kube-system");

        List<Map<String, Object>> checked = BundleRules.check("shop", null, List.of(object("v1", "Namespace", "shop"),
                object("v1", "ConfigMap", "config"), elsewhere, object("rbac.authorization.k8s.io/v1", "ClusterRole",
                        "reader"), object("example.com/v1", "Widget", "w"), cloneSet("web", "web:1")), i -> "r" + i);

        assertThat(checked).extracting(r -> at(r, "metadata", "namespace"))
                .containsExactly(null, "shop", "kube-system", null, "shop", "shop");
    }

    @Test
    void takesACustomKindAsClusterScopedWhenTheBundlesOwnCrdSaysSo() {
        Map<String, Object> crd = object("apiextensions.k8s.io/v1", "CustomResourceDefinition", "widgets.example.com");
        crd.put("spec", Map.of("group", "example.com", "scope", "Cluster", "names", Map.of("kind", "Widget")));

        List<Map<String, Object>> checked = BundleRules.check("shop", null,
                List.of(crd, object("example.com/v1", "Widget", "w")), i -> "r" + i);

        assertThat(at(checked.get(1), "metadata", "namespace")).isNull();
    }

    @SuppressWarnings("unchecked")
    static List<Arguments> refusals() {
        return List.of(
                refusal("an empty bundle", List::clear, "resources: at least one resource is required"),
                refusal("no apiVersion", b -> b.get(1).remove("apiVersion"), "resources[1]: apiVersion: required"),
                refusal("no kind", b -> b.get(1).put("kind", ""), "resources[1]: kind: required"),
                refusal("no metadata", b -> b.get(1).remove("metadata"), "resources[1]: metadata.name: required"),
                refusal("no name", b -> meta(b.get(2)).remove("name"), "resources[2]: metadata.name: required"),
                refusal("a name that is no string", b -> meta(b.get(2)).put("name", 7),
                        "resources[2]: metadata.name: required"),
                refusal("a blank namespace", b -> meta(b.get(1)).put("namespace", " "),
                        "resources[1]: metadata.namespace: must be a non-empty string"),
                refusal("a namespaced cluster-scoped kind", b -> meta(b.get(0)).put("namespace", "shop"),
                        "resources[0]: metadata.namespace: Namespace is cluster-scoped"),
                refusal("a workload in another namespace", b -> meta(b.get(2)).put("namespace", "other"),
                        "resources[2]: metadata.namespace 'other' differs from the application's namespace 'shop'"),
                refusal("the same object twice", b -> b.add(Bundles.mutable(b.get(1))),
                        "resources[3]: is the same object (ConfigMap shop/config) as resources[1]"),
                refusal("the same object, once with the namespace given", b -> {
                    Map<String, Object> again = Bundles.mutable(b.get(1));
                    meta(again).put("namespace", "shop");
                    b.add(again);
                }, "resources[3]: is the same object (ConfigMap shop/config) as resources[1]"),
                refusal("a workload the Kruise rules refuse", b -> ((Map<String, Object>) b.get(2).get("spec"))
                        .put("replicas", -1), "resources[2] is invalid: spec.replicas"),
                refusal("a workload of the wrong apiVersion", b -> b.get(2).put("apiVersion", "apps/v1"),
                        "resources[2] is invalid: apiVersion: must be apps.kruise.io/v1alpha1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusesABrokenBundleNamingTheIndex(String name, Consumer<List<Map<String, Object>>> breaks, String detail) {
        List<Map<String, Object>> bundle = new ArrayList<>(List.of(object("v1", "Namespace", "shop"),
                object("v1", "ConfigMap", "config"), cloneSet("web", "web:1")));
        breaks.accept(bundle);

        assertThatThrownBy(() -> BundleRules.check("shop", null, bundle, i -> "resources[" + i + "]"))
                .isInstanceOf(FlotillaException.class).hasMessageContaining(detail);
    }

    @Test
    void anApplicationsKindNamesItsFirstKruiseWorkload() {
        List<Map<String, Object>> bundle = List.of(object("v1", "ConfigMap", "c"), cloneSet("web", "web:1"));

        assertThat(BundleRules.check("shop", WorkloadKind.CloneSet, bundle, i -> "r" + i)).hasSize(2);
        assertThatThrownBy(() -> BundleRules.check("shop", WorkloadKind.StatefulSet, bundle, i -> "r" + i))
                .hasMessageContaining("r1: kind 'CloneSet' does not match the application's kind 'StatefulSet'");
        assertThatThrownBy(() -> BundleRules.check("shop", WorkloadKind.CloneSet, List.of(object("v1", "ConfigMap",
                "c")), i -> "r" + i)).hasMessageContaining("the bundle holds no Kruise workload");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> meta(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("metadata");
    }

    private static Arguments refusal(String name, Consumer<List<Map<String, Object>>> breaks, String detail) {
        return Arguments.of(name, breaks, detail);
    }
}
