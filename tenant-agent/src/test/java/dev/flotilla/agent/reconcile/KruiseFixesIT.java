package dev.flotilla.agent.reconcile;

import static dev.flotilla.agent.support.Manifests.item;
import static dev.flotilla.agent.support.Manifests.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.agent.backend.FieldPaths;
import dev.flotilla.agent.backend.kubernetes.ApplyStrategy;
import dev.flotilla.agent.backend.kubernetes.KubernetesBackend;
import dev.flotilla.agent.support.KruiseCrds;
import dev.flotilla.agent.support.Manifests;
import dev.flotilla.agent.support.MockKruise;
import dev.flotilla.api.agent.ClusterStrategy;
import dev.flotilla.api.agent.StatusReport;
import dev.flotilla.api.agent.UpdateType;
import dev.flotilla.api.agent.WorkItem;
import dev.flotilla.api.agent.WorkPhase;
import dev.flotilla.api.agent.WorkloadKind;
import dev.flotilla.api.kruise.ManifestValidator;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent against behaviours of the upstream OpenKruise v1.9.0 webhooks and controllers its first reading of Kruise
 * got wrong, on the mock API server; the test writes the status the upstream controller would. Each test names the
 * upstream rule it mirrors.
 */
@EnableKubernetesMockClient(crud = true)
class KruiseFixesIT {

    private static final String V1BETA1 = "apps.kruise.io/v1beta1";
    private static final String V1ALPHA1 = "apps.kruise.io/v1alpha1";

    static KubernetesClient client;
    /** One backend for the class: the mock server can deadlock when a watch closes while it sends an event. */
    private static KubernetesBackend backend;

    private final MockKruise kruise = new MockKruise(client, backend);

    @BeforeAll
    static void startBackend() {
        KruiseCrds.install(client);
        backend = new KubernetesBackend(client, ApplyStrategy.createOrReplace());
    }

    @AfterAll
    static void closeBackend() {
        backend.close();
    }

    private static ClusterStrategy batches(String... partitions) {
        return Manifests.strategy(null, null, null, partitions);
    }

    private static Map<String, Object> object(GenericKubernetesResource resource) {
        return client.getKubernetesSerialization().convertValue(resource, Map.class);
    }

    @Test
    void sidecarSetValidationPartitionAndSelectorCannotBeUsedTogetherSoASelectedSidecarSetIsHeldByPause() {
        Map<String, Object> manifest = Manifests.sidecarSet("mesh", "proxy:v2");
        FieldPaths.set(manifest, "spec.updateStrategy", map("selector", map("matchLabels", map("canary", "true"))));
        WorkItem v2 = item("mesh", WorkloadKind.SidecarSet, manifest, 2, batches("50%", "25%"), false, false, 1);

        kruise.reconcileUntil(v2, WorkPhase.APPLYING);

        Map<String, Object> written = object(kruise.get(WorkloadKind.SidecarSet, V1BETA1, "mesh"));
        assertThat(FieldPaths.map(written, "spec.updateStrategy")).doesNotContainKey("partition")
                .containsEntry("paused", true);
        assertThat(ManifestValidator.validate(WorkloadKind.SidecarSet, written)).isEmpty();

        kruise.controllerWrites(WorkloadKind.SidecarSet, V1BETA1, "mesh", map("matchedPods", 4, "updatedPods", 0,
                "readyPods", 4, "updatedReadyPods", 0, "latestRevision", "mesh-2"));
        StatusReport released = kruise.reconcileUntil(v2, WorkPhase.BATCH_IN_PROGRESS);

        assertThat(released.batches()).isEqualTo(1);
        assertThat(released.message()).contains("one batch", "updateStrategy.selector");
        assertThat(FieldPaths.get(object(kruise.get(WorkloadKind.SidecarSet, V1BETA1, "mesh")),
                "spec.updateStrategy.paused")).isEqualTo(false);

        kruise.controllerWrites(WorkloadKind.SidecarSet, V1BETA1, "mesh", map("matchedPods", 4, "updatedPods", 4,
                "readyPods", 4, "updatedReadyPods", 4, "latestRevision", "mesh-2"));
        assertThat(kruise.reconcileUntil(v2, WorkPhase.SUCCEEDED).message()).contains("one batch");
    }

    @Test
    void sidecarSetStrategyGetNextUpgradePodsUpdatesOnlyThePodsTheUpdateSelectorPicks() {
        createPod("shop", "web-0", map("app", "web", "canary", "true"));
        createPod("shop", "web-1", map("app", "web"));
        createPod("edge", "web-2", map("app", "web", "canary", "true"));
        createPod("edge", "api-0", map("app", "api", "canary", "true"));
        Map<String, Object> manifest = Manifests.sidecarSet("picky", "proxy:v2");
        FieldPaths.set(manifest, "spec.updateStrategy", map("selector", map("matchLabels", map("canary", "true"))));
        WorkItem v2 = item("picky", WorkloadKind.SidecarSet, manifest, 2, batches("50%"), false, false, 1);
        kruise.reconcileUntil(v2, WorkPhase.APPLYING);
        kruise.controllerWrites(WorkloadKind.SidecarSet, V1BETA1, "picky", map("matchedPods", 3, "updatedPods", 0,
                "readyPods", 3, "updatedReadyPods", 0, "latestRevision", "picky-2"));
        kruise.reconcileUntil(v2, WorkPhase.BATCH_IN_PROGRESS);
        kruise.controllerWrites(WorkloadKind.SidecarSet, V1BETA1, "picky", map("matchedPods", 3, "updatedPods", 1,
                "readyPods", 3, "updatedReadyPods", 1, "latestRevision", "picky-2"));

        assertThat(kruise.reconcileUntil(v2, r -> r.message().contains("1/2 pods updated")).phase())
                .isEqualTo(WorkPhase.BATCH_IN_PROGRESS);

        kruise.controllerWrites(WorkloadKind.SidecarSet, V1BETA1, "picky", map("matchedPods", 3, "updatedPods", 2,
                "readyPods", 3, "updatedReadyPods", 2, "latestRevision", "picky-2"));
        assertThat(kruise.reconcileUntil(v2, WorkPhase.SUCCEEDED).observed().updatedReadyReplicas()).isEqualTo(2);
    }

    private static void createPod(String namespace, String name, Map<String, Object> labels) {
        Map<String, String> text = new java.util.LinkedHashMap<>();
        labels.forEach((k, v) -> text.put(k, String.valueOf(v)));
        client.pods().inNamespace(namespace).resource(new PodBuilder().withNewMetadata().withName(name)
                .withNamespace(namespace).withLabels(text).endMetadata().withNewSpec().addNewContainer()
                .withName("app").withImage("web:v1").endContainer().endSpec().build()).create();
    }

    @Test
    void aSelectedSidecarSetOfAPausedItemStaysHeldWithoutFurtherWrites() {
        Map<String, Object> manifest = Manifests.sidecarSet("hold", "proxy:v2");
        FieldPaths.set(manifest, "spec.updateStrategy", map("selector", map("matchLabels", map("canary", "true"))));
        WorkItem paused = item("hold", WorkloadKind.SidecarSet, manifest, 2, batches("50%"), true, false, 1);
        kruise.reconcileUntil(paused, WorkPhase.APPLYING);
        kruise.controllerWrites(WorkloadKind.SidecarSet, V1BETA1, "hold", map("matchedPods", 4, "updatedPods", 0,
                "readyPods", 4, "updatedReadyPods", 0, "latestRevision", "hold-2"));
        kruise.reconcileUntil(paused, WorkPhase.PAUSED);
        String version = kruise.get(WorkloadKind.SidecarSet, V1BETA1, "hold").getMetadata().getResourceVersion();

        AtomicInteger passes = new AtomicInteger();
        kruise.reconcileUntil(paused, r -> passes.incrementAndGet() > 20);

        GenericKubernetesResource held = kruise.get(WorkloadKind.SidecarSet, V1BETA1, "hold");
        assertThat(held.getMetadata().getResourceVersion()).isEqualTo(version);
        assertThat(FieldPaths.get(object(held), "spec.updateStrategy.paused")).isEqualTo(true);
    }

    @Test
    void broadcastJobControllerRunsNoPodOnANodeThatHasOneSoANewRevisionRunsAsANewJob() {
        WorkItem v1 = item("warm", WorkloadKind.BroadcastJob, Manifests.broadcastJob("warm", "task:v1", "FailFast"),
                1, ClusterStrategy.oneBatch(), false, false, 1);
        kruise.reconcileUntil(v1, r -> r.message().contains("waiting for the job to start"));
        String firstUid = kruise.get(WorkloadKind.BroadcastJob, V1BETA1, "warm").getMetadata().getUid();
        kruise.controllerWrites(WorkloadKind.BroadcastJob, V1BETA1, "warm", map("desired", 3, "active", 0,
                "succeeded", 3, "failed", 0, "phase", "completed"));
        kruise.reconcileUntil(v1, WorkPhase.SUCCEEDED);

        WorkItem v2 = item("warm", WorkloadKind.BroadcastJob, Manifests.broadcastJob("warm", "task:v2", "FailFast"),
                2, ClusterStrategy.oneBatch(), false, false, 2);
        kruise.reconcileUntil(v2, r -> r.message().contains("deleting the job of revision 1"));
        kruise.reconcileUntil(v2, r -> r.message().contains("waiting for the job to start"));

        GenericKubernetesResource second = kruise.get(WorkloadKind.BroadcastJob, V1BETA1, "warm");
        assertThat(second.getMetadata().getUid()).isNotEqualTo(firstUid);
        assertThat(second.getMetadata().getAnnotations()).containsEntry("flotilla.dev/revision", "2");
        assertThat(kruise.reports(v2)).noneMatch(r -> r.phase().terminal());

        kruise.controllerWrites(WorkloadKind.BroadcastJob, V1BETA1, "warm", map("desired", 3, "active", 0,
                "succeeded", 3, "failed", 0, "phase", "completed"));
        assertThat(kruise.reconcileUntil(v2, WorkPhase.SUCCEEDED).observed().updatedReplicas()).isEqualTo(3);
    }

    @Test
    void statefulSetValidationInPlacePodUpdatePolicyNeedsTheReadinessGateSoUnitedDeploymentSubsetsGetIt() {
        Map<String, Object> manifest = Manifests.unitedDeployment("zoned", 4, "web:v2", "zone-a", "zone-b");
        Map<String, Object> template = FieldPaths.map(manifest, "spec.template");
        Object cloneSet = template.remove("cloneSetTemplate");
        template.put("advancedStatefulSetTemplate", cloneSet);
        WorkItem item = item("zoned", WorkloadKind.UnitedDeployment, manifest, 2,
                Manifests.strategy(UpdateType.InPlaceIfPossible, null, null), false, false, 1);

        kruise.reconcileUntil(item, WorkPhase.APPLYING);

        Map<String, Object> written = object(kruise.get(WorkloadKind.UnitedDeployment, V1ALPHA1, "zoned"));
        String asts = "spec.template.advancedStatefulSetTemplate.spec";
        assertThat(FieldPaths.get(written, asts + ".updateStrategy.rollingUpdate.podUpdatePolicy"))
                .isEqualTo("InPlaceIfPossible");
        assertThat(FieldPaths.get(written, asts + ".template.spec.readinessGates"))
                .isEqualTo(List.of(map("conditionType", "InPlaceUpdateReady")));
    }

    @Test
    void statefulSetValidationInPlacePodUpdatePolicyNeedsTheReadinessGateEvenWhenTheManifestSetsThePolicy() {
        Map<String, Object> manifest = Manifests.statefulSet("db", 3, "db:v2");
        FieldPaths.set(manifest, "spec.updateStrategy", map("rollingUpdate", map("podUpdatePolicy", "InPlaceOnly")));
        WorkItem item = item("db", WorkloadKind.StatefulSet, manifest, 2, ClusterStrategy.oneBatch(), false, false, 1);

        kruise.reconcileUntil(item, WorkPhase.APPLYING);

        Map<String, Object> written = object(kruise.get(WorkloadKind.StatefulSet, V1BETA1, "db"));
        assertThat(FieldPaths.get(written, "spec.template.spec.readinessGates"))
                .isEqualTo(List.of(map("conditionType", "InPlaceUpdateReady")));
        assertThat(ManifestValidator.validate(WorkloadKind.StatefulSet, written)).isEmpty();
    }

    @Test
    void deploymentAdapterIgnoresManualUpdatePartitionsSoAUnitedDeploymentOfDeploymentsIsRefused() {
        Map<String, Object> manifest = Manifests.unitedDeployment("plain", 4, "web:v2", "zone-a", "zone-b");
        Map<String, Object> template = FieldPaths.map(manifest, "spec.template");
        template.put("deploymentTemplate", template.remove("cloneSetTemplate"));
        WorkItem item = item("plain", WorkloadKind.UnitedDeployment, manifest, 2, batches("50%"), false, false, 1);

        StatusReport failed = kruise.reconcileUntil(item, WorkPhase.FAILED);

        assertThat(failed.message()).startsWith("refused: ").contains("Deployment subsets",
                "manualUpdate.partitions");
        assertThat(kruise.get(WorkloadKind.UnitedDeployment, V1ALPHA1, "plain")).isNull();
    }

    @Test
    void sidecarSetIsUpgradableOnlyWhileItsHashWithoutImageIsUnchangedSoOtherChangesAreRefused() {
        WorkItem v1 = installedSidecarSet("envoy", Manifests.sidecarSet("envoy", "proxy:v1"));
        Map<String, Object> manifest = Manifests.sidecarSet("envoy", "proxy:v2");
        FieldPaths.set(manifest, "spec.containers", List.of(map("name", "proxy", "image", "proxy:v2",
                "env", List.of(map("name", "LOG", "value", "debug")))));
        WorkItem v2 = item("envoy", WorkloadKind.SidecarSet, manifest, 2, batches("50%"), false, false, 2);

        StatusReport failed = kruise.reconcileUntil(v2, WorkPhase.FAILED);

        assertThat(failed.message()).contains("spec.containers[0].env", "NotUpdate");
        assertThat(kruise.get(WorkloadKind.SidecarSet, V1BETA1, "envoy").getMetadata().getAnnotations())
                .containsEntry("flotilla.dev/revision", String.valueOf(v1.revision()));
    }

    @Test
    void sidecarSetIsUpgradableWhenOnlyImagesChangeSoTheRevisionIsHeldAndRolledOut() {
        installedSidecarSet("sleeve", Manifests.sidecarSet("sleeve", "proxy:v1"));
        WorkItem v2 = item("sleeve", WorkloadKind.SidecarSet, Manifests.sidecarSet("sleeve", "proxy:v2"), 2,
                batches("50%"), false, false, 2);

        kruise.reconcileUntil(v2, WorkPhase.APPLYING);

        assertThat(FieldPaths.get(object(kruise.get(WorkloadKind.SidecarSet, V1BETA1, "sleeve")),
                "spec.updateStrategy.partition")).isEqualTo("100%");
    }

    @Test
    void sidecarSetProcessorUpdatesNoPodWithNotUpdateSoTheRevisionIsReportedAsNewPodsOnly() {
        installedSidecarSet("quiet", Manifests.sidecarSet("quiet", "proxy:v1"));
        Map<String, Object> manifest = Manifests.sidecarSet("quiet", "proxy:v2");
        FieldPaths.set(manifest, "spec.updateStrategy", map("type", "NotUpdate"));
        WorkItem v2 = item("quiet", WorkloadKind.SidecarSet, manifest, 2, batches("50%"), false, false, 2);
        kruise.reconcileUntil(v2, WorkPhase.APPLYING);
        kruise.controllerWrites(WorkloadKind.SidecarSet, V1BETA1, "quiet", map("matchedPods", 4, "updatedPods", 0,
                "readyPods", 4, "updatedReadyPods", 0, "latestRevision", "quiet-2"));

        StatusReport done = kruise.reconcileUntil(v2, WorkPhase.SUCCEEDED);

        assertThat(done.message()).contains("NotUpdate", "pods created from now on", "updates no running pod");
    }

    @Test
    void sidecarSetConversionWritesAV1alpha1ManifestAtTheStorageVersionV1beta1() {
        Map<String, Object> manifest = Manifests.sidecarSet("legacy", "proxy:v1");
        manifest.put("apiVersion", V1ALPHA1);
        FieldPaths.set(manifest, "spec.namespace", "shop");
        WorkItem item = item("legacy", WorkloadKind.SidecarSet, manifest, 1, ClusterStrategy.oneBatch(), false, false,
                1);

        kruise.reconcileUntil(item, WorkPhase.APPLYING);

        Map<String, Object> written = object(kruise.get(WorkloadKind.SidecarSet, V1BETA1, "legacy"));
        assertThat(written.get("apiVersion")).isEqualTo(V1BETA1);
        assertThat(FieldPaths.map(written, "spec")).doesNotContainKey("namespace");
        assertThat(FieldPaths.get(written, "spec.namespaceSelector.matchLabels"))
                .isEqualTo(map("kubernetes.io/metadata.name", "shop"));
    }

    private WorkItem installedSidecarSet(String name, Map<String, Object> manifest) {
        WorkItem v1 = item(name, WorkloadKind.SidecarSet, manifest, 1, ClusterStrategy.oneBatch(), false, false, 1);
        kruise.reconcileUntil(v1, WorkPhase.APPLYING);
        kruise.controllerWrites(WorkloadKind.SidecarSet, V1BETA1, name, map("matchedPods", 4, "updatedPods", 0,
                "readyPods", 4, "updatedReadyPods", 0, "latestRevision", name + "-1"));
        kruise.reconcileUntil(v1, WorkPhase.BATCH_IN_PROGRESS);
        kruise.controllerWrites(WorkloadKind.SidecarSet, V1BETA1, name, map("matchedPods", 4, "updatedPods", 4,
                "readyPods", 4, "updatedReadyPods", 4, "latestRevision", name + "-1"));
        kruise.reconcileUntil(v1, WorkPhase.SUCCEEDED);
        return v1;
    }
}
