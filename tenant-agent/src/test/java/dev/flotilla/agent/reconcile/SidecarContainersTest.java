package dev.flotilla.agent.reconcile;

import static dev.flotilla.agent.support.Manifests.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SidecarSetHashWithoutImage ({@code pkg/control/sidecarcontrol/hash.go}) against a live object that carries
 * Kruise's container defaults ({@code setDefaultContainerV1beta1} in {@code apis/apps/defaults/v1beta1.go}).
 */
class SidecarContainersTest {

    private static Map<String, Object> sidecarSet(Map<String, Object>... containers) {
        return map("spec", map("containers", List.of(containers)));
    }

    private static Map<String, Object> defaulted(String image, String pullPolicy) {
        return map("name", "proxy", "image", image, "imagePullPolicy", pullPolicy, "podInjectPolicy",
                "BeforeAppContainer", "shareVolumePolicy", map("type", "disabled"), "upgradeStrategy",
                map("upgradeType", "ColdUpgrade"), "terminationMessagePath", "/dev/termination-log",
                "terminationMessagePolicy", "File", "resources", map());
    }

    @Test
    void hashWithoutImageIgnoresTheImageAndTheDefaultsKruiseAdded() {
        String changed = SidecarContainers.changedBesidesImage(
                sidecarSet(map("name", "proxy", "image", "proxy:v2")),
                sidecarSet(defaulted("proxy:v1", "IfNotPresent")));

        assertThat(changed).isNull();
    }

    @Test
    void hashWithoutImageSeesAnAddedField() {
        String changed = SidecarContainers.changedBesidesImage(
                sidecarSet(map("name", "proxy", "image", "proxy:v2", "args", List.of("--verbose"))),
                sidecarSet(defaulted("proxy:v1", "IfNotPresent")));

        assertThat(changed).isEqualTo("spec.containers[0].args");
    }

    @Test
    void setDefaultsContainerPullPolicyFollowsTheTagSoLeavingLatestChangesTheHash() {
        String changed = SidecarContainers.changedBesidesImage(
                sidecarSet(map("name", "proxy", "image", "proxy:v2")),
                sidecarSet(defaulted("proxy:latest", "Always")));

        assertThat(changed).isEqualTo("spec.containers[0].imagePullPolicy");
    }

    @Test
    void hashWithoutImageSeesAContainerAddedOrRemoved() {
        String changed = SidecarContainers.changedBesidesImage(
                sidecarSet(map("name", "proxy", "image", "proxy:v2"), map("name", "log", "image", "log:1")),
                sidecarSet(defaulted("proxy:v1", "IfNotPresent")));

        assertThat(changed).isEqualTo("spec.containers (1 containers become 2)");
    }
}
