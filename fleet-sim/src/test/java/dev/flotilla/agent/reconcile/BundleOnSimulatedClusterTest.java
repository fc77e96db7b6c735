package dev.flotilla.agent.reconcile;

import static dev.flotilla.agent.support.Manifests.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.agent.backend.FieldPaths;
import dev.flotilla.agent.support.Manifests;
import dev.flotilla.api.agent.ClusterStrategy;
import dev.flotilla.api.agent.ResourceStatus;
import dev.flotilla.api.agent.StatusReport;
import dev.flotilla.api.agent.WorkItem;
import dev.flotilla.api.agent.WorkPhase;
import dev.flotilla.sim.backend.SimulatedCluster;
import dev.flotilla.sim.backend.SimulationSettings;
import dev.flotilla.testsupport.SettableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Bundle items on a simulated cluster, time moved by hand: the same scenarios as on the mock API server, read back
 * through the accessors an end-to-end test uses ({@link SimulatedCluster#object}, {@link SimulatedCluster#objects}).
 */
class BundleOnSimulatedClusterTest {

    private final SettableClock clock = new SettableClock();
    private final SimulatedCluster cluster = SimulatedCluster.of(3, List.of("zone-a", "zone-b"),
            new SimulationSettings(5, 20, 10, 0.2, 1, Set.of("web:broken"), 3), clock);
    private final List<StatusReport> reports = new ArrayList<>();
    private WorkReconciler agent = new WorkReconciler("c1", cluster, reports::add, clock);

    private static final ClusterStrategy TWO_BATCHES = Manifests.strategy(null, null, null, "50%");

    private static WorkItem web(int revision, long generation, String image, Map<String, Object>... others) {
        List<Map<String, Object>> resources = new ArrayList<>(List.of(others));
        resources.add(Manifests.cloneSet("web", 4, image));
        return Manifests.bundle("web-work", "web", revision, TWO_BATCHES, generation, resources);
    }

    private StatusReport runUntil(WorkItem item, Predicate<StatusReport> wanted) {
        agent.accept(List.of(item));
        for (int s = 0; s < 2000; s++) {
            agent.reconcile();
            List<StatusReport> mine = reports.stream().filter(r -> r.workId().equals(item.workId())
                    && r.generation() == item.generation() && wanted.test(r)).toList();
            if (!mine.isEmpty()) {
                return mine.get(0);
            }
            clock.advance(Duration.ofSeconds(1));
        }
        throw new AssertionError("no report of " + item.workId() + " matched; last: "
                + reports.get(reports.size() - 1));
    }

    private Map<String, Object> configMap(String namespace, String name) {
        return cluster.object("v1", "ConfigMap", namespace, name).orElse(null);
    }

    @Test
    void theDroppedConfigMapIsPrunedOnlyAfterTheCloneSetConvergedAndUninstallEmptiesTheCluster() {
        StatusReport installed = runUntil(web(1, 1, "web:v1", Manifests.namespace("shop"),
                Manifests.configMap("shop", "web-config", "greeting", "hello"), Manifests.service("shop", "web", 80)),
                r -> r.phase().terminal());

        assertThat(installed.phase()).isEqualTo(WorkPhase.SUCCEEDED);
        assertThat(installed.resources()).extracting(ResourceStatus::state).containsOnly(ResourceStatus.State.READY);
        assertThat(cluster.objects(Map.of("flotilla.dev/application", "web"))).extracting(o -> o.get("kind"))
                .containsExactly("ConfigMap", "Namespace", "ConfigMap", "Service", "CloneSet");
        assertThat(FieldPaths.string(configMap("shop", "web-config"), "data.greeting")).isEqualTo("hello");

        agent = new WorkReconciler("c1", cluster, reports::add, clock);
        WorkItem v2 = web(2, 2, "web:v2", Manifests.namespace("shop"), Manifests.service("shop", "web", 80),
                Manifests.podDisruptionBudget("shop", "web", 2));
        StatusReport rolling = runUntil(v2, r -> r.phase() == WorkPhase.BATCH_IN_PROGRESS);

        assertThat(configMap("shop", "web-config")).as("kept while the CloneSet rolls").isNotNull();
        assertThat(cluster.object("policy/v1", "PodDisruptionBudget", "shop", "web")).isPresent();
        assertThat(rolling.resources()).extracting(ResourceStatus::name).doesNotContain("web-config");

        StatusReport done = runUntil(v2, r -> r.phase().terminal());

        assertThat(done.phase()).isEqualTo(WorkPhase.SUCCEEDED);
        assertThat(configMap("shop", "web-config")).isNull();
        assertThat(done.resources()).filteredOn(s -> s.name().equals("web-config")).singleElement()
                .extracting(ResourceStatus::state).isEqualTo(ResourceStatus.State.PRUNED);
        assertThat(FieldPaths.string(cluster.object("apps.kruise.io/v1alpha1", "CloneSet", "shop", "web")
                .orElseThrow(), "spec.template.spec.containers")).contains("web:v2");

        StatusReport removed = runUntil(Manifests.uninstall("web-remove", "web", 2, 1), r -> r.phase().terminal());

        assertThat(removed.phase()).isEqualTo(WorkPhase.SUCCEEDED);
        assertThat(cluster.objects()).isEmpty();
    }

    @Test
    void theWorkloadsAreDrivenInManifestOrderOneAfterTheOther() {
        Map<String, Object> api = Manifests.cloneSet("api", 2, "api:v1");
        WorkItem item = Manifests.bundle("shop-work", "shop", 1, TWO_BATCHES, 1, List.of(
                Manifests.service("shop", "web", 80), Manifests.cloneSet("web", 4, "web:v1"), api));

        StatusReport webRolling = runUntil(item, r -> r.phase() == WorkPhase.BATCH_IN_PROGRESS);

        assertThat(webRolling.message()).startsWith("CloneSet shop/web: ");
        assertThat(cluster.object("apps.kruise.io/v1alpha1", "CloneSet", "shop", "api")).as("waits its turn").isEmpty();
        assertThat(webRolling.resources()).filteredOn(s -> s.name().equals("api")).singleElement()
                .extracting(ResourceStatus::state).isEqualTo(ResourceStatus.State.PENDING);

        StatusReport handover = runUntil(item, r -> r.message().contains("next: CloneSet shop/api"));
        StatusReport done = runUntil(item, r -> r.phase().terminal());

        assertThat(handover.phase()).isEqualTo(WorkPhase.BATCH_COMPLETE);
        assertThat(done.phase()).isEqualTo(WorkPhase.SUCCEEDED);
        assertThat(done.message()).startsWith("CloneSet shop/api: ");
        assertThat(done.observed().replicas()).isEqualTo(2);
        assertThat(done.resources()).extracting(ResourceStatus::state).containsOnly(ResourceStatus.State.READY);
        List<String> order = reports.stream().filter(r -> r.phase() == WorkPhase.BATCH_IN_PROGRESS)
                .map(r -> r.message().substring(0, r.message().indexOf(':'))).distinct().toList();
        assertThat(order).containsExactly("CloneSet shop/web", "CloneSet shop/api");
    }

    @Test
    void aRollbackToThePreviousBundleBringsItsObjectsBackAndPrunesTheNewOnes() {
        runUntil(web(1, 1, "web:v1", Manifests.configMap("shop", "web-v1", "k", "1")),
                r -> r.phase() == WorkPhase.SUCCEEDED);
        runUntil(web(2, 2, "web:v2", Manifests.configMap("shop", "web-v2", "k", "2")),
                r -> r.phase() == WorkPhase.SUCCEEDED);
        WorkItem v1 = web(1, 3, "web:v1", Manifests.configMap("shop", "web-v1", "k", "1"));
        WorkItem back = new WorkItem(v1.workId(), v1.application(), v1.kind(), v1.namespace(), v1.name(), 1,
                v1.manifest(), v1.strategy(), false, true, 3, v1.resources(), false);

        StatusReport done = runUntil(back, r -> r.phase().terminal());

        assertThat(done.phase()).isEqualTo(WorkPhase.SUCCEEDED);
        assertThat(done.batches()).as("a rollback runs in one batch").isEqualTo(1);
        assertThat(configMap("shop", "web-v1")).isNotNull();
        assertThat(configMap("shop", "web-v2")).isNull();
        assertThat(FieldPaths.string(cluster.object("apps.kruise.io/v1alpha1", "CloneSet", "shop", "web")
                .orElseThrow(), "spec.template.spec.containers")).contains("web:v1");
    }

    @Test
    void uninstallLeavesAPreExistingNamespaceAndAnUnrelatedObjectInIt() {
        cluster.applyObject(new dev.flotilla.agent.backend.ObjectRef("v1", "Namespace", null, "shop"),
                Manifests.namespace("shop"));
        cluster.applyObject(new dev.flotilla.agent.backend.ObjectRef("v1", "ConfigMap", "shop", "unrelated"),
                Manifests.configMap("shop", "unrelated", "owner", "platform"));
        runUntil(web(1, 1, "web:v1", Manifests.namespace("shop"), Manifests.configMap("shop", "web-config", "a", "b")),
                r -> r.phase() == WorkPhase.SUCCEEDED);

        StatusReport removed = runUntil(Manifests.uninstall("web-remove", "web", 1, 1), r -> r.phase().terminal());

        assertThat(removed.phase()).isEqualTo(WorkPhase.SUCCEEDED);
        assertThat(cluster.objects()).extracting(o -> o.get("kind") + " " + FieldPaths.string(o, "metadata.name"))
                .containsExactly("Namespace shop", "ConfigMap unrelated");
    }

    @Test
    void aKindWhoseDefinitionComesInTheSameBundleIsAppliedOnceServedAndRemovedBeforeIt() {
        Map<String, Object> crd = map("apiVersion", "apiextensions.k8s.io/v1", "kind", "CustomResourceDefinition",
                "metadata", map("name", "widgets.example.com"), "spec", map("group", "example.com",
                        "scope", "Cluster", "names", map("kind", "Widget", "plural", "widgets"),
                        "versions", List.of(map("name", "v1", "served", true, "storage", true))));
        Map<String, Object> widget = map("apiVersion", "example.com/v1", "kind", "Widget",
                "metadata", map("name", "w1", "namespace", "shop"), "spec", map("size", 3));

        StatusReport done = runUntil(web(1, 1, "web:v1", crd, widget), r -> r.phase().terminal());

        assertThat(done.phase()).isEqualTo(WorkPhase.SUCCEEDED);
        assertThat(cluster.object("example.com/v1", "Widget", null, "w1")).isPresent();
        assertThat(done.resources()).extracting(r -> r.kind() + " " + r.namespace() + " " + r.state())
                .containsExactly("CustomResourceDefinition null READY", "Widget null READY", "CloneSet shop READY");

        StatusReport removed = runUntil(Manifests.uninstall("web-remove", "web", 1, 1), r -> r.phase().terminal());

        assertThat(removed.phase()).isEqualTo(WorkPhase.SUCCEEDED);
        assertThat(removed.resources()).extracting(ResourceStatus::kind)
                .containsExactly("CloneSet", "Widget", "CustomResourceDefinition");
        assertThat(cluster.objects()).isEmpty();
    }

    @Test
    void aKindTheSimulatedClusterDoesNotServeFailsTheItemWithItsAnswer() {
        Map<String, Object> widget = map("apiVersion", "example.com/v1", "kind", "Widget", "metadata",
                map("name", "w1", "namespace", "shop"));

        StatusReport failed = runUntil(web(1, 1, "web:v1", widget), r -> r.phase().terminal());

        assertThat(failed.phase()).isEqualTo(WorkPhase.FAILED);
        assertThat(failed.message()).contains("Widget shop/w1 refused", "does not serve kind Widget");
        assertThat(cluster.object("apps.kruise.io/v1alpha1", "CloneSet", "shop", "web")).isEmpty();
    }
}
