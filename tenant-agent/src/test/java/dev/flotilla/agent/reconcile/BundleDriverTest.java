package dev.flotilla.agent.reconcile;

import static dev.flotilla.agent.support.Manifests.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.agent.backend.ObjectRef;
import dev.flotilla.agent.support.Manifests;
import dev.flotilla.api.agent.ResourceStatus;
import dev.flotilla.api.agent.StatusReport;
import dev.flotilla.api.agent.WorkItem;
import dev.flotilla.api.agent.WorkPhase;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A bundle's other resources: the order they go in, their statuses, and what stops them. */
class BundleDriverTest {

    private final RecordingObjects cluster = new RecordingObjects();
    private final List<StatusReport> reports = new ArrayList<>();
    private final WorkReconciler agent = new WorkReconciler("c1", cluster, reports::add, Clock.systemUTC());

    private StatusReport run(WorkItem item, int passes) {
        agent.accept(List.of(item));
        for (int i = 0; i < passes; i++) {
            agent.reconcile();
        }
        return reports.get(reports.size() - 1);
    }

    @SafeVarargs
    private static WorkItem bundle(String app, long generation, Map<String, Object>... resources) {
        return Manifests.bundle(app + "-work", app, 1, null, generation, List.of(resources));
    }

    @Test
    void resourcesGoInInTheItemsOrderAfterTheInventoryAndABundleWithoutWorkloadsSucceeds() {
        StatusReport report = run(bundle("web", 1, Manifests.namespace("shop"),
                map("apiVersion", "v1", "kind", "ConfigMap", "metadata", map("name", "cfg")),
                Manifests.service("edge", "web", 80)), 3);

        assertThat(cluster.applies).containsExactly("ConfigMap flotilla-system/flotilla-app-web", "Namespace shop",
                "ConfigMap shop/cfg", "Service edge/web");
        assertThat(report.phase()).isEqualTo(WorkPhase.SUCCEEDED);
        assertThat(report.resources()).extracting(ResourceStatus::state).containsOnly(ResourceStatus.State.READY);
        assertThat(report.resources()).extracting(ResourceStatus::namespace).containsExactly(null, "shop", "edge");
        Map<String, Object> config = cluster.readObject(new ObjectRef("v1", "ConfigMap", "shop", "cfg")).orElseThrow();
        assertThat(dev.flotilla.agent.backend.FieldPaths.string(config, "metadata.namespace")).isEqualTo("shop");
        assertThat(reports).filteredOn(r -> r.phase() == WorkPhase.SUCCEEDED).hasSize(1);
    }

    @Test
    void aFinishedItemIsLeftAloneUntilItIsDroppedAndSentAgain() {
        WorkItem item = bundle("web", 1, Manifests.namespace("shop"));
        run(item, 3);
        int applies = cluster.applies.size();

        agent.reconcile();
        agent.reconcile();
        assertThat(cluster.applies).as("a finished item is not driven on later passes").hasSize(applies);

        // dropped from the answer, its state goes; sent again at the same generation, it is driven afresh
        agent.accept(List.of());
        agent.reconcile();
        StatusReport again = run(item, 3);
        assertThat(cluster.applies.size()).isGreaterThan(applies);
        assertThat(again.phase()).isEqualTo(WorkPhase.SUCCEEDED);
        assertThat(reports).filteredOn(r -> r.phase() == WorkPhase.SUCCEEDED).hasSize(2);
    }

    @Test
    void whatTheApiServerOwnsIsNotSentAndTheOwnershipLabelsAre() {
        Map<String, Object> config = Manifests.configMap("shop", "cfg", "k", "v");
        ((Map<String, Object>) config.get("metadata")).putAll(map("resourceVersion", "41", "uid", "u-1",
                "managedFields", List.of(map("manager", "kubectl")), "labels", map("team", "edge")));
        config.put("status", map("phase", "whatever"));

        run(bundle("web", 1, config), 2);

        Map<String, Object> sent = cluster.readObject(new ObjectRef("v1", "ConfigMap", "shop", "cfg")).orElseThrow();
        assertThat(dev.flotilla.agent.backend.FieldPaths.map(sent, "metadata"))
                .doesNotContainKeys("resourceVersion", "uid", "managedFields");
        assertThat(sent).doesNotContainKey("status");
        assertThat(dev.flotilla.agent.backend.FieldPaths.map(sent, "metadata.labels")).containsEntry("team", "edge")
                .containsEntry(Inventory.APPLICATION, "web").containsEntry("app.kubernetes.io/managed-by",
                        "flotilla-agent").containsEntry(Inventory.PART_OF, Inventory.id(Inventory.parent(cluster,
                        "web")));
        assertThat(dev.flotilla.agent.backend.FieldPaths.map(sent, "metadata.annotations"))
                .containsEntry("flotilla.dev/work-id", "web-work").containsEntry("flotilla.dev/revision", "1");
    }

    @Test
    void aClusterScopedObjectLosesTheNamespaceItWasGiven() {
        run(bundle("web", 1, map("apiVersion", "rbac.authorization.k8s.io/v1", "kind", "ClusterRole",
                "metadata", map("name", "reader", "namespace", "shop"))), 2);

        Map<String, Object> role = cluster.readObject(new ObjectRef("rbac.authorization.k8s.io/v1", "ClusterRole",
                null, "reader")).orElseThrow();
        assertThat(dev.flotilla.agent.backend.FieldPaths.string(role, "metadata.namespace")).isNull();
    }

    @Test
    void aKindWhoseDefinitionIsInTheBundleIsWaitedForAndAnUnknownOneFails() {
        Map<String, Object> crd = map("apiVersion", "apiextensions.k8s.io/v1", "kind", "CustomResourceDefinition",
                "metadata", map("name", "widgets.example.com"),
                "spec", map("group", "example.com", "names", map("kind", "Widget", "plural", "widgets")));
        Map<String, Object> widget = map("apiVersion", "example.com/v1", "kind", "Widget", "metadata",
                map("name", "w1"));

        StatusReport waiting = run(bundle("tools", 1, crd, widget), 3);
        StatusReport failed = run(bundle("gadgets", 1, widget), 2);

        assertThat(waiting.phase()).isEqualTo(WorkPhase.APPLYING);
        assertThat(waiting.message()).contains("waiting for the cluster to serve Widget");
        assertThat(waiting.resources()).extracting(ResourceStatus::state)
                .containsExactly(ResourceStatus.State.READY, ResourceStatus.State.PENDING);
        assertThat(failed.phase()).isEqualTo(WorkPhase.FAILED);
        assertThat(failed.message()).contains("does not serve kind Widget at example.com/v1");
    }

    @Test
    void anObjectAnotherApplicationHoldsIsRefusedUntouched() {
        ObjectRef shared = new ObjectRef("v1", "ConfigMap", "shop", "shared");
        cluster.put(shared, map("metadata", map("name", "shared", "labels", map(Inventory.APPLICATION, "billing"))));

        StatusReport report = run(bundle("web", 1, Manifests.configMap("shop", "shared", "k", "v")), 2);

        assertThat(report.phase()).isEqualTo(WorkPhase.FAILED);
        assertThat(report.message()).isEqualTo("ConfigMap shop/shared belongs to application billing in this cluster");
        assertThat(cluster.applies).isEmpty();
        assertThat(report.resources()).singleElement().extracting(ResourceStatus::state)
                .isEqualTo(ResourceStatus.State.FAILED);
    }

    @Test
    void anObjectTheAgentLabelledIsEnlistedAsCreatedUnlessAnEarlierApplicationAdoptedIt() {
        ObjectRef legacy = new ObjectRef("v1", "ConfigMap", "shop", "legacy");
        ObjectRef adopted = new ObjectRef("v1", "Namespace", null, "shop");
        ObjectRef foreign = new ObjectRef("v1", "ConfigMap", "shop", "theirs");
        cluster.put(legacy, map("metadata", map("name", "legacy", "labels",
                map("app.kubernetes.io/managed-by", "flotilla-agent"))));
        cluster.put(adopted, map("metadata", map("name", "shop", "labels",
                map("app.kubernetes.io/managed-by", "flotilla-agent"), "annotations", map(Inventory.ADOPTED, "true"))));
        cluster.put(foreign, map("metadata", map("name", "theirs")));

        run(bundle("web", 1, Manifests.namespace("shop"), Manifests.configMap("shop", "legacy", "k", "v"),
                Manifests.configMap("shop", "theirs", "k", "v")), 2);

        assertThat(Inventory.read(cluster, "web").members()).containsExactly(new Inventory.Member(adopted, false),
                new Inventory.Member(legacy, true), new Inventory.Member(foreign, false));
        assertThat(dev.flotilla.agent.backend.FieldPaths.map(cluster.readObject(foreign).orElseThrow(),
                "metadata.annotations")).containsEntry(Inventory.ADOPTED, "true");
        assertThat(dev.flotilla.agent.backend.FieldPaths.map(cluster.readObject(legacy).orElseThrow(),
                "metadata.annotations")).doesNotContainKey(Inventory.ADOPTED);
    }

    @Test
    void aResourceTheAgentMayNotReadFailsTheItemWithTheServersAnswer() {
        cluster.forbidden.add("Secret shop/db");

        StatusReport report = run(bundle("web", 1, map("apiVersion", "v1", "kind", "Secret",
                "metadata", map("name", "db", "namespace", "shop"))), 2);

        assertThat(report.phase()).isEqualTo(WorkPhase.FAILED);
        assertThat(report.message()).isEqualTo("Secret shop/db refused: 403: secrets is forbidden");
        assertThat(report.resources()).singleElement().extracting(ResourceStatus::state)
                .isEqualTo(ResourceStatus.State.FAILED);
    }

    @Test
    void aResourceWithoutANameFailsTheItem() {
        StatusReport report = run(bundle("web", 1, map("apiVersion", "v1", "kind", "ConfigMap")), 1);

        assertThat(report.phase()).isEqualTo(WorkPhase.FAILED);
        assertThat(report.message()).isEqualTo("resources[0] lacks apiVersion, kind or metadata.name");
    }

    @Test
    void workloadPhasesBecomeResourceStates() {
        assertThat(Statuses.of(WorkPhase.APPLYING, 0)).isEqualTo(ResourceStatus.State.APPLIED);
        assertThat(Statuses.of(WorkPhase.BATCH_IN_PROGRESS, 1)).isEqualTo(ResourceStatus.State.IN_PROGRESS);
        assertThat(Statuses.of(WorkPhase.PAUSED, 0)).isEqualTo(ResourceStatus.State.APPLIED);
        assertThat(Statuses.of(WorkPhase.SUCCEEDED, 2)).isEqualTo(ResourceStatus.State.READY);
        assertThat(Statuses.of(WorkPhase.FAILED, 1)).isEqualTo(ResourceStatus.State.FAILED);
    }
}
