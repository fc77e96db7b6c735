package dev.flotilla.agent.reconcile;

import static dev.flotilla.agent.support.Manifests.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.agent.backend.ObjectRef;
import dev.flotilla.api.agent.ResourceStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The order in which pruning and uninstall delete an application's objects, and what they leave in place. */
class RemovalTest {

    private static final ObjectRef NAMESPACE = new ObjectRef("v1", "Namespace", null, "shop");
    private static final ObjectRef CRD = new ObjectRef("apiextensions.k8s.io/v1", "CustomResourceDefinition", null,
            "widgets.example.com");
    private static final ObjectRef ACCOUNT = new ObjectRef("v1", "ServiceAccount", "shop", "web");
    private static final ObjectRef CONFIG = new ObjectRef("v1", "ConfigMap", "shop", "web");
    private static final ObjectRef SERVICE = new ObjectRef("v1", "Service", "shop", "web");
    private static final ObjectRef WIDGET = new ObjectRef("example.com/v1", "Widget", "shop", "w1");
    private static final ObjectRef WEB = new ObjectRef("apps.kruise.io/v1alpha1", "CloneSet", "shop", "web");
    private static final ObjectRef JOBS = new ObjectRef("apps.kruise.io/v1beta1", "BroadcastJob", "shop", "warm");

    private final RecordingObjects cluster = new RecordingObjects();
    private final ItemState state = new ItemState();

    private static List<Inventory.Member> created(ObjectRef... refs) {
        return java.util.Arrays.stream(refs).map(r -> new Inventory.Member(r, true)).toList();
    }

    @Test
    void workloadsGoFirstThenTheRestInReverseApplyOrderThenNamespacesAndDefinitions() {
        List<List<Inventory.Member>> stages = Removal.stages(created(NAMESPACE, CRD, ACCOUNT, CONFIG, SERVICE,
                WIDGET, WEB, JOBS));

        assertThat(stages).extracting(stage -> stage.stream().map(m -> m.ref().toString()).toList())
                .containsExactly(
                        List.of("BroadcastJob shop/warm", "CloneSet shop/web"),
                        List.of("Widget shop/w1", "Service shop/web", "ConfigMap shop/web", "ServiceAccount shop/web"),
                        List.of("CustomResourceDefinition widgets.example.com", "Namespace shop"));
    }

    @Test
    void aStageIsDeletedOnlyOnceThePreviousOneIsGoneAndEachDeleteIsAskedOnce() {
        Inventory inventory = inventory(NAMESPACE, CONFIG, WEB);
        cluster.held.add(WEB.toString());

        Removal.Step first = new Removal(cluster).step(inventory.members(), inventory, state,
                ResourceStatus.State.REMOVED);
        new Removal(cluster).step(inventory.members(), inventory, state, ResourceStatus.State.REMOVED);

        assertThat(first).isEqualTo(new Removal.Step.Deleting(1));
        assertThat(cluster.deletes).containsExactly("CloneSet shop/web");
        assertThat(state.statuses.get(CONFIG.key()).state()).isEqualTo(ResourceStatus.State.PENDING);

        cluster.release(WEB);
        List<Removal.Step> steps = new java.util.ArrayList<>();
        while (steps.size() < 6 && (steps.isEmpty() || !(steps.get(steps.size() - 1) instanceof Removal.Step.Done))) {
            steps.add(new Removal(cluster).step(inventory.members(), inventory, state, ResourceStatus.State.REMOVED));
        }

        // each delete is observed on the next pass before the next stage starts
        assertThat(steps).containsExactly(new Removal.Step.Deleting(1), new Removal.Step.Deleting(1),
                new Removal.Step.Done());
        assertThat(cluster.deletes).containsExactly("CloneSet shop/web", "ConfigMap shop/web", "Namespace shop",
                "ConfigMap flotilla-system/flotilla-app-web");
        assertThat(state.statuses.values()).extracting(ResourceStatus::state)
                .containsOnly(ResourceStatus.State.REMOVED);
    }

    @Test
    void anObjectThatExistedBeforeOrLostItsApplySetLabelIsLeftInPlace() {
        Inventory inventory = inventory(CONFIG, SERVICE);
        Inventory withAdopted = Inventory.read(cluster, "web");
        cluster.put(NAMESPACE, map("metadata", map("name", "shop")));
        withAdopted.add(NAMESPACE, false);
        // someone replaced the Service with an object of their own, without the application's labels
        cluster.put(SERVICE, map("metadata", map("name", "web", "labels", map("team", "edge"))));

        Removal.Step first = new Removal(cluster).step(withAdopted.members(), withAdopted, state,
                ResourceStatus.State.PRUNED);
        Removal.Step second = new Removal(cluster).step(withAdopted.members(), withAdopted, state,
                ResourceStatus.State.PRUNED);

        assertThat(first).isEqualTo(new Removal.Step.Deleting(1));
        assertThat(second).isEqualTo(new Removal.Step.Done());
        assertThat(state.statuses.get(CONFIG.key()).state()).isEqualTo(ResourceStatus.State.PRUNED);
        assertThat(cluster.deletes).containsExactly("ConfigMap shop/web", "ConfigMap flotilla-system/flotilla-app-web");
        assertThat(cluster.objects).containsKeys(NAMESPACE.key(), SERVICE.key());
        assertThat(state.statuses.get(NAMESPACE.key()).message()).contains("existed before");
        assertThat(state.statuses.get(SERVICE.key()).message()).contains("no longer carries");
    }

    /** An inventory of objects the agent created, each present in the cluster with the application's labels. */
    private Inventory inventory(ObjectRef... refs) {
        Inventory inventory = Inventory.read(cluster, "web");
        for (ObjectRef ref : refs) {
            inventory.add(ref, true);
            cluster.put(ref, map("metadata", map("name", ref.name(), "labels",
                    map(Inventory.PART_OF, inventory.id(), Inventory.APPLICATION, "web"))));
        }
        inventory.write(cluster);
        return inventory;
    }
}
