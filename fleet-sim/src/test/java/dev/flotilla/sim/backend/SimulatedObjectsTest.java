package dev.flotilla.sim.backend;

import static dev.flotilla.agent.support.Manifests.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.agent.backend.ApplyResult;
import dev.flotilla.agent.backend.FieldPaths;
import dev.flotilla.agent.backend.ObjectRef;
import dev.flotilla.agent.backend.Scope;
import dev.flotilla.agent.support.Manifests;
import dev.flotilla.testsupport.SettableClock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The simulated cluster's objects other than workloads, as the API server would hold them. */
class SimulatedObjectsTest {

    private final SimulatedCluster cluster = SimulatedCluster.of(3, List.of("a"),
            new SimulationSettings(5, 20, 10, 0, 10, Set.of(), 11), new SettableClock());
    private static final ObjectRef CONFIG = new ObjectRef("v1", "ConfigMap", "shop", "cfg");

    @Test
    void anApplyReplacesTheFieldsKeepsOthersLabelsAndBumpsTheResourceVersion() {
        Map<String, Object> first = Manifests.configMap("shop", "cfg", "a", "1");
        FieldPaths.set(first, "metadata.labels", map("team", "edge"));
        cluster.applyObject(CONFIG, first);
        String version = FieldPaths.string(cluster.object("v1", "ConfigMap", "shop", "cfg").orElseThrow(),
                "metadata.resourceVersion");

        Map<String, Object> second = Manifests.configMap("shop", "cfg", "b", "2");
        FieldPaths.set(second, "metadata.labels", map("flotilla.dev/application", "web"));
        cluster.applyObject(CONFIG, second);

        Map<String, Object> live = cluster.object("v1", "ConfigMap", "shop", "cfg").orElseThrow();
        assertThat(FieldPaths.map(live, "data")).containsOnlyKeys("b");
        assertThat(FieldPaths.map(live, "metadata.labels")).containsEntry("team", "edge")
                .containsEntry("flotilla.dev/application", "web");
        assertThat(FieldPaths.string(live, "metadata.resourceVersion")).isNotEqualTo(version);
        assertThat(cluster.objects(Map.of("team", "edge"))).hasSize(1);
        assertThat(cluster.objects(Map.of("team", "core"))).isEmpty();
    }

    @Test
    void aKindIsServedOnceItsDefinitionIsStoredAtTheVersionsItServes() {
        ObjectRef widget = new ObjectRef("example.com/v1", "Widget", null, "w1");
        assertThat(cluster.applyObject(widget, map("apiVersion", "example.com/v1", "kind", "Widget",
                "metadata", map("name", "w1")))).isInstanceOf(ApplyResult.Rejected.class);

        cluster.applyObject(new ObjectRef("apiextensions.k8s.io/v1", "CustomResourceDefinition", null,
                "widgets.example.com"), map("apiVersion", "apiextensions.k8s.io/v1", "kind", "CustomResourceDefinition",
                "metadata", map("name", "widgets.example.com"), "spec", map("group", "example.com", "scope", "Cluster",
                        "names", map("kind", "Widget", "plural", "widgets"),
                        "versions", List.of(map("name", "v1", "served", true)))));

        assertThat(cluster.scope("example.com/v1", "Widget")).isEqualTo(Scope.CLUSTER);
        assertThat(cluster.scope("example.com/v2", "Widget")).isEqualTo(Scope.UNKNOWN);
        assertThat(cluster.scope("policy/v1", "PodDisruptionBudget")).isEqualTo(Scope.NAMESPACED);
        assertThat(cluster.scope("apps.kruise.io/v1beta1", "SidecarSet")).isEqualTo(Scope.CLUSTER);
        assertThat(cluster.applyObject(widget, map("apiVersion", "example.com/v1", "kind", "Widget",
                "metadata", map("name", "w1")))).isInstanceOf(ApplyResult.Applied.class);
    }

    @Test
    void deletingANamespaceTakesItsObjectsAndWorkloadsAlong() {
        cluster.applyObject(new ObjectRef("v1", "Namespace", null, "shop"), Manifests.namespace("shop"));
        cluster.applyObject(CONFIG, Manifests.configMap("shop", "cfg", "a", "1"));
        cluster.applyObject(new ObjectRef("v1", "ConfigMap", "edge", "cfg"), Manifests.configMap("edge", "cfg", "a",
                "1"));
        cluster.applyObject(new ObjectRef("apps.kruise.io/v1alpha1", "CloneSet", "shop", "web"),
                Manifests.cloneSet("web", 2, "web:v1"));

        cluster.deleteObject(new ObjectRef("v1", "Namespace", null, "shop"));

        assertThat(cluster.objects()).extracting(o -> FieldPaths.string(o, "metadata.namespace") + "/"
                + FieldPaths.string(o, "metadata.name")).containsExactly("edge/cfg");
    }
}
