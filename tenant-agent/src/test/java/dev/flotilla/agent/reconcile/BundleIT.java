package dev.flotilla.agent.reconcile;

import static dev.flotilla.agent.support.Manifests.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flotilla.agent.backend.FieldPaths;
import dev.flotilla.agent.backend.kubernetes.ApplyStrategy;
import dev.flotilla.agent.backend.kubernetes.KruiseResources;
import dev.flotilla.agent.backend.kubernetes.KubernetesBackend;
import dev.flotilla.agent.support.KruiseCrds;
import dev.flotilla.agent.support.Manifests;
import dev.flotilla.api.agent.ClusterStrategy;
import dev.flotilla.api.agent.ResourceStatus;
import dev.flotilla.api.agent.StatusReport;
import dev.flotilla.api.agent.WorkItem;
import dev.flotilla.api.agent.WorkPhase;
import dev.flotilla.api.agent.WorkloadKind;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bundle items on the mock API server (CRUD), the test playing the Kruise controller: the other resources applied
 * before the CloneSet, pruning only after the CloneSet converged, uninstall removing what the agent created and
 * nothing else, and the inventory that carries all of it over an agent restart.
 */
@EnableKubernetesMockClient(crud = true)
class BundleIT {

    static KubernetesClient client;
    static KubernetesMockServer server;
    /** One backend for the class: the mock server can deadlock when a watch closes while it sends an event. */
    private static KubernetesBackend backend;

    private final List<StatusReport> reports = new CopyOnWriteArrayList<>();
    private WorkReconciler agent = new WorkReconciler("mock", backend, reports::add, Clock.systemUTC());
    /** Whether the stand-in controller updates the CloneSet's pods (false: the rollout hangs mid-way). */
    private volatile boolean controllerUpdates = true;

    @BeforeAll
    static void startBackend() {
        KruiseCrds.install(client);
        backend = new KubernetesBackend(client, ApplyStrategy.createOrReplace());
    }

    @AfterAll
    static void closeBackend() {
        backend.close();
    }

    private static final ClusterStrategy TWO_BATCHES = Manifests.strategy(null, null, null, "50%");

    private static WorkItem revision(String app, String namespace, int revision, long generation,
            List<Map<String, Object>> others, String image) {
        Map<String, Object> cloneSet = Manifests.cloneSet(app, 4, image);
        FieldPaths.set(cloneSet, "metadata.namespace", namespace);
        List<Map<String, Object>> resources = new ArrayList<>(others);
        resources.add(cloneSet);
        return Manifests.bundle(app + "-work", app, revision, TWO_BATCHES, generation, resources);
    }

    @Test
    void appliesTheBundleAndPrunesTheDroppedConfigMapOnlyAfterTheCloneSetConverged() {
        WorkItem v1 = revision("web", "shop", 1, 1, List.of(Manifests.namespace("shop"),
                Manifests.configMap("shop", "web-config", "greeting", "hello"), Manifests.service("shop", "web", 80)),
                "web:v1");

        StatusReport installed = reconcileUntil(v1, r -> r.phase() == WorkPhase.SUCCEEDED);

        assertThat(states(installed)).containsExactly("Namespace shop=READY", "ConfigMap shop/web-config=READY",
                "Service shop/web=READY", "CloneSet shop/web=READY");
        assertThat(installed.batch()).isEqualTo(2);
        assertThat(installed.batches()).isEqualTo(2);
        String id = Inventory.id(Inventory.parent(backend, "web"));
        assertThat(id).isEqualTo("applyset-0JdQ1okNwxkQSnlcfFipAv5Msu4vTaw_qaO06dWvQbs-v1");
        for (GenericKubernetesResource object : List.of(get("v1", "namespaces", null, "shop"),
                get("v1", "configmaps", "shop", "web-config"), get("v1", "services", "shop", "web"),
                get("apps.kruise.io/v1alpha1", "clonesets", "shop", "web"))) {
            assertThat(object.getMetadata().getLabels()).containsEntry("flotilla.dev/application", "web")
                    .containsEntry("applyset.kubernetes.io/part-of", id)
                    .containsEntry("app.kubernetes.io/managed-by", "flotilla-agent");
        }
        GenericKubernetesResource parent = get("v1", "configmaps", "test", "flotilla-app-web");
        assertThat(parent.getMetadata().getLabels()).containsEntry("applyset.kubernetes.io/id", id);
        assertThat(parent.getMetadata().getAnnotations())
                .containsEntry("applyset.kubernetes.io/contains-group-kinds",
                        "CloneSet.apps.kruise.io,ConfigMap,Namespace,Service")
                .containsEntry("applyset.kubernetes.io/additional-namespaces", "shop")
                .containsEntry("applyset.kubernetes.io/tooling", "flotilla-agent/v1.2.0");

        // revision 2 drops the ConfigMap and adds a PodDisruptionBudget; the agent restarts in between
        agent = new WorkReconciler("mock", backend, reports::add, Clock.systemUTC());
        controllerUpdates = false;
        WorkItem v2 = revision("web", "shop", 2, 2, List.of(Manifests.namespace("shop"),
                Manifests.service("shop", "web", 80), Manifests.podDisruptionBudget("shop", "web", 2)), "web:v2");
        StatusReport midway = reconcileUntil(v2, r -> r.phase() == WorkPhase.BATCH_IN_PROGRESS
                && r.message().contains("pods updated"));
        for (int pass = 0; pass < 5; pass++) {
            agent.reconcile();
        }

        assertThat(get("v1", "configmaps", "shop", "web-config")).as("kept while the CloneSet rolls").isNotNull();
        assertThat(get("policy/v1", "poddisruptionbudgets", "shop", "web")).isNotNull();
        assertThat(states(midway)).contains("PodDisruptionBudget shop/web=READY", "CloneSet shop/web=IN_PROGRESS")
                .noneMatch(s -> s.startsWith("ConfigMap"));
        assertThat(last(v2).phase()).isEqualTo(WorkPhase.BATCH_IN_PROGRESS);

        controllerUpdates = true;
        StatusReport done = reconcileUntil(v2, r -> r.phase() == WorkPhase.SUCCEEDED);

        assertThat(get("v1", "configmaps", "shop", "web-config")).isNull();
        assertThat(states(done)).contains("ConfigMap shop/web-config=PRUNED", "CloneSet shop/web=READY");
        assertThat(done.message()).contains("pruned 1 objects");
        assertThat(reports(v2).stream().filter(r -> r.phase() == WorkPhase.SUCCEEDED)).hasSize(1);
        assertThat(get("v1", "configmaps", "test", "flotilla-app-web").getMetadata().getAnnotations())
                .containsEntry("applyset.kubernetes.io/contains-group-kinds",
                        "CloneSet.apps.kruise.io,Namespace,PodDisruptionBudget.policy,Service");

        StatusReport removed = reconcileUntil(Manifests.uninstall("web-remove", "web", 2, 1),
                r -> r.phase() == WorkPhase.SUCCEEDED);

        assertThat(get("v1", "namespaces", null, "shop")).as("the agent created it").isNull();
        assertThat(states(removed)).allMatch(s -> s.endsWith("=REMOVED")).hasSize(4);
        assertThat(get("v1", "configmaps", "test", "flotilla-app-web")).isNull();
    }

    @Test
    void uninstallRemovesWhatTheAgentCreatedAndNothingElse() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("billing").endMetadata()
                .build()).create();
        client.configMaps().inNamespace("billing").resource(new ConfigMapBuilder().withNewMetadata()
                .withName("unrelated").endMetadata().addToData("owner", "platform team").build()).create();
        WorkItem v1 = revision("ledger", "billing", 1, 1, List.of(Manifests.namespace("billing"),
                Manifests.configMap("billing", "ledger-config", "mode", "strict"),
                Manifests.service("billing", "ledger", 8080)), "ledger:v1");
        reconcileUntil(v1, r -> r.phase() == WorkPhase.SUCCEEDED);
        assertThat(get("apps.kruise.io/v1alpha1", "clonesets", "billing", "ledger")).isNotNull();

        StatusReport removed = reconcileUntil(Manifests.uninstall("ledger-remove", "ledger", 1, 1),
                r -> r.phase() == WorkPhase.SUCCEEDED);

        assertThat(get("apps.kruise.io/v1alpha1", "clonesets", "billing", "ledger")).isNull();
        assertThat(get("v1", "configmaps", "billing", "ledger-config")).isNull();
        assertThat(get("v1", "services", "billing", "ledger")).isNull();
        assertThat(get("v1", "namespaces", null, "billing")).as("it existed before the agent").isNotNull();
        assertThat(client.configMaps().inNamespace("billing").withName("unrelated").get().getData())
                .containsEntry("owner", "platform team");
        assertThat(get("v1", "configmaps", "test", "flotilla-app-ledger")).isNull();
        assertThat(removed.resources()).filteredOn(s -> s.kind().equals("Namespace")).singleElement()
                .satisfies(s -> assertThat(s.message()).contains("left in place"));
        assertThat(states(removed)).containsExactlyInAnyOrder("CloneSet billing/ledger=REMOVED",
                "Service billing/ledger=REMOVED", "ConfigMap billing/ledger-config=REMOVED",
                "Namespace billing=REMOVED");
    }

    @Test
    void uninstallDeletesTheWorkloadsBeforeTheOtherResources() {
        WorkItem v1 = revision("orders", "orders", 1, 1, List.of(Manifests.namespace("orders"),
                Manifests.service("orders", "orders", 80)), "orders:v1");
        reconcileUntil(v1, r -> r.phase() == WorkPhase.SUCCEEDED);
        // a finalizer holds the CloneSet: its deletion is asked, but it is not gone yet
        GenericKubernetesResource cloneSet = get("apps.kruise.io/v1alpha1", "clonesets", "orders", "orders");
        cloneSet.getMetadata().setFinalizers(List.of("example.com/hold"));
        clonesets("orders").resource(cloneSet).update();

        WorkItem remove = Manifests.uninstall("orders-remove", "orders", 1, 1);
        StatusReport deleting = reconcileUntil(remove, r -> r.phase() == WorkPhase.BATCH_IN_PROGRESS);
        for (int pass = 0; pass < 3; pass++) {
            agent.reconcile();
        }

        assertThat(states(deleting)).contains("CloneSet orders/orders=IN_PROGRESS", "Service orders/orders=PENDING",
                "Namespace orders=PENDING");
        assertThat(get("v1", "services", "orders", "orders")).as("waits for the CloneSet").isNotNull();

        GenericKubernetesResource held = get("apps.kruise.io/v1alpha1", "clonesets", "orders", "orders");
        if (held != null) {
            held.getMetadata().setFinalizers(List.of());
            clonesets("orders").resource(held).update();
            clonesets("orders").withName("orders").delete();
        }
        reconcileUntil(remove, r -> r.phase() == WorkPhase.SUCCEEDED);
        assertThat(get("v1", "services", "orders", "orders")).isNull();
        assertThat(get("v1", "namespaces", null, "orders")).isNull();
    }

    @Test
    void aResourceTheApiServerRefusesFailsTheItemWithTheServersMessage() {
        server.expect().post().withPath("/api/v1/namespaces/shop/configmaps")
                .andReturn(422, new StatusBuilder().withCode(422).withReason("Invalid")
                        .withMessage("ConfigMap \"bad\" is invalid: data[no/slash]: Invalid value").build())
                .once();
        WorkItem v1 = revision("cart", "shop", 1, 1, List.of(Manifests.configMap("shop", "bad", "k", "v")),
                "cart:v1");

        StatusReport failed = reconcileUntil(v1, r -> r.phase().terminal());

        assertThat(failed.phase()).isEqualTo(WorkPhase.FAILED);
        assertThat(failed.message()).contains("ConfigMap shop/bad refused", "data[no/slash]: Invalid value");
        assertThat(failed.resources()).filteredOn(s -> s.name().equals("bad")).singleElement()
                .satisfies(s -> assertThat(s.state()).isEqualTo(ResourceStatus.State.FAILED));
        assertThat(states(failed)).contains("CloneSet shop/cart=PENDING");
        assertThat(get("apps.kruise.io/v1alpha1", "clonesets", "shop", "cart")).as("never applied").isNull();
    }

    /**
     * The mock server in CRUD mode answers discovery of a group version from the CRDs stored in it (an
     * APIResourceList of their kinds) and an empty list for the built-in group versions ({@code v1},
     * {@code policy/v1}), which is why the agent knows the built-in kinds statically.
     */
    @Test
    void aKindOutsideTheBuiltInsIsFoundThroughApiDiscovery() {
        client.apiextensions().v1().customResourceDefinitions().resource(
                KruiseCrds.definition(WorkloadKind.CloneSet).edit().editMetadata().withName("widgets.example.com")
                        .endMetadata().editSpec().withGroup("example.com").withNewNames().withKind("Widget")
                        .withPlural("widgets").withSingular("widget").endNames().endSpec().build()).create();
        Map<String, Object> widget = map("apiVersion", "example.com/v1alpha1", "kind", "Widget",
                "metadata", map("name", "w1"), "spec", map("size", 3));
        Map<String, Object> gadget = map("apiVersion", "example.com/v1alpha1", "kind", "Gadget",
                "metadata", map("name", "g1"));

        StatusReport applied = reconcileUntil(revision("tools", "shop", 1, 1, List.of(widget), "tools:v1"),
                r -> r.phase() == WorkPhase.SUCCEEDED);
        StatusReport refused = reconcileUntil(revision("gadgets", "shop", 1, 1, List.of(gadget), "gadgets:v1"),
                r -> r.phase().terminal());

        assertThat(states(applied)).contains("Widget shop/w1=READY");
        assertThat(client.genericKubernetesResources("example.com/v1alpha1", "Widget").inNamespace("shop")
                .withName("w1").get()).isNotNull();
        assertThat(refused.phase()).isEqualTo(WorkPhase.FAILED);
        assertThat(refused.message()).contains("does not serve kind Gadget");
    }

    private StatusReport reconcileUntil(WorkItem item, Predicate<StatusReport> wanted) {
        agent.accept(List.of(item));
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> {
            agent.reconcile();
            controller(item);
            return reports(item).stream().filter(wanted).findFirst().orElse(null);
        }, r -> r != null);
    }

    /** The Kruise controller: every pod above the partition updated and ready, unless told to hang. */
    private void controller(WorkItem item) {
        if (item.resources() == null || item.resources().isEmpty() || item.name() == null) {
            return;
        }
        String namespace = (String) ((Map<?, ?>) item.manifest().get("metadata")).get("namespace");
        GenericKubernetesResource live = clonesets(namespace).withName(item.name()).get();
        if (live == null || live.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        Map<String, Object> object = client.getKubernetesSerialization().convertValue(live, Map.class);
        int replicas = FieldPaths.integer(object, "spec.replicas", 1);
        int partition = FieldPaths.integer(object, "spec.updateStrategy.partition", 0);
        String revision = item.name() + "-" + live.getMetadata().getAnnotations().get(ItemApplier.REVISION);
        int updated = controllerUpdates ? replicas - partition : 0;
        Map<String, Object> status = new LinkedHashMap<>(map("observedGeneration", live.getMetadata().getGeneration(),
                "replicas", replicas, "readyReplicas", replicas, "updatedReplicas", updated,
                "updatedReadyReplicas", updated, "updateRevision", revision));
        if (!status.equals(live.getAdditionalProperties().get("status"))) {
            live.getAdditionalProperties().put("status", status);
            clonesets(namespace).resource(live).updateStatus();
        }
    }

    private static io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<GenericKubernetesResource,
            io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
            io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>> clonesets(String namespace) {
        return client.genericKubernetesResources(KruiseResources.context(WorkloadKind.CloneSet,
                "apps.kruise.io/v1alpha1")).inNamespace(namespace);
    }

    private static GenericKubernetesResource get(String apiVersion, String plural, String namespace, String name) {
        int slash = apiVersion.indexOf('/');
        var context = new io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext.Builder()
                .withGroup(slash < 0 ? "" : apiVersion.substring(0, slash))
                .withVersion(apiVersion.substring(slash + 1)).withPlural(plural)
                .withNamespaced(namespace != null).build();
        var all = client.genericKubernetesResources(context);
        return (namespace == null ? all : all.inNamespace(namespace)).withName(name).get();
    }

    private List<StatusReport> reports(WorkItem item) {
        return reports.stream().filter(r -> r.workId().equals(item.workId()) && r.generation() == item.generation())
                .toList();
    }

    private StatusReport last(WorkItem item) {
        List<StatusReport> mine = reports(item);
        return mine.get(mine.size() - 1);
    }

    private static List<String> states(StatusReport report) {
        return report.resources().stream().map(s -> s.kind() + " " + (s.namespace() == null ? "" : s.namespace()
                + "/") + s.name() + "=" + s.state()).collect(Collectors.toList());
    }
}
