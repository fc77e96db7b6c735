package dev.flotilla.agent.reconcile;

import static dev.flotilla.agent.support.Manifests.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.agent.backend.FieldPaths;
import dev.flotilla.agent.backend.ObjectRef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The application's inventory: an ApplySet parent as KEP-3659 and kubectl's applyset.go define it. */
class InventoryTest {

    private final RecordingObjects cluster = new RecordingObjects();

    @Test
    void theIdIsKubectlsHashOfTheParentsNameNamespaceKindAndGroup() {
        // base64url(sha256("flotilla-app-shop.flotilla-system.ConfigMap.")) without padding, as kubectl computes it
        assertThat(Inventory.id(Inventory.parent(cluster, "shop")))
                .isEqualTo("applyset-zyIRyWeOsyskOCcF50B5ttfoLkaQ8Vc-eJF0Y1TbbTw-v1");
    }

    @Test
    void theParentNamesItsGroupKindsNamespacesToolingAndMembersAndSurvivesARead() {
        Inventory inventory = Inventory.read(cluster, "shop");
        inventory.add(new ObjectRef("v1", "Namespace", null, "shop"), false);
        inventory.add(new ObjectRef("v1", "ConfigMap", "shop", "cfg"), true);
        inventory.add(new ObjectRef("policy/v1", "PodDisruptionBudget", "shop", "web"), true);
        inventory.add(new ObjectRef("apps.kruise.io/v1alpha1", "CloneSet", "edge", "web"), true);

        assertThat(inventory.write(cluster)).isNull();

        Map<String, Object> parent = cluster.readObject(inventory.parent()).orElseThrow();
        assertThat(FieldPaths.map(parent, "metadata.labels")).containsEntry(Inventory.ID, inventory.id())
                .containsEntry(Inventory.APPLICATION, "shop");
        assertThat(FieldPaths.map(parent, "metadata.annotations"))
                .containsEntry(Inventory.TOOLING, "flotilla-agent/v1.2.0")
                .containsEntry(Inventory.GROUP_KINDS,
                        "CloneSet.apps.kruise.io,ConfigMap,Namespace,PodDisruptionBudget.policy")
                .containsEntry(Inventory.NAMESPACES, "edge,shop");
        assertThat(FieldPaths.string(parent, "data.members")).isEqualTo("""
                v1 Namespace - shop adopted
                v1 ConfigMap shop cfg created
                policy/v1 PodDisruptionBudget shop web created
                apps.kruise.io/v1alpha1 CloneSet edge web created
                """);
        assertThat(Inventory.read(cluster, "shop").members()).isEqualTo(inventory.members());
    }

    @Test
    void anObjectIsListedOnceAndAnEmptyInventoryIsDeleted() {
        Inventory inventory = Inventory.read(cluster, "shop");
        ObjectRef config = new ObjectRef("v1", "ConfigMap", "shop", "cfg");
        inventory.add(config, true);
        inventory.add(new ObjectRef("v1", "ConfigMap", "shop", "cfg"), false);
        inventory.write(cluster);

        assertThat(inventory.members()).containsExactly(new Inventory.Member(config, true));
        assertThat(inventory.changed()).isFalse();

        inventory.remove(config);
        inventory.write(cluster);

        assertThat(cluster.readObject(inventory.parent())).isEmpty();
    }

    @Test
    void aParentOfAnotherApplySetToolIsLeftAlone() {
        ObjectRef parent = Inventory.parent(cluster, "shop");
        cluster.put(parent, map("metadata", map("name", parent.name(), "annotations",
                map(Inventory.TOOLING, "kubectl/v1.30.0"))));

        assertThatThrownBy(() -> Inventory.read(cluster, "shop")).isInstanceOf(Inventory.ForeignInventory.class)
                .hasMessageContaining("kubectl/v1.30.0");
    }

    @Test
    void unreadableLinesAreSkipped() {
        assertThat(Inventory.parse("v1 ConfigMap shop cfg created\n\ngarbage\n"))
                .containsExactly(new Inventory.Member(new ObjectRef("v1", "ConfigMap", "shop", "cfg"), true));
        assertThat(Inventory.format(List.of())).isEmpty();
    }
}
