package dev.flotilla.api.kruise;

import static dev.flotilla.api.kruise.Conformance.REMOVED;
import static dev.flotilla.api.kruise.Conformance.accepts;
import static dev.flotilla.api.kruise.Conformance.refuses;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.api.agent.WorkloadKind;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * OpenKruise v1.9.0 {@code pkg/webhook/sidecarset/validating/sidecarset_create_update_handler.go} after
 * {@code SetDefaultsSidecarSet}: what it accepts and what it refuses.
 */
class SidecarSetWebhookConformanceTest {

    private static final WorkloadKind SIDECAR = WorkloadKind.SidecarSet;
    private static final String US = "spec.updateStrategy";
    private static final Map<String, Object> CANARY = Map.of("matchLabels", Map.of("canary", "true"));

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void sidecarSetWebhook(String rule, Map<String, Object> manifest, List<String> problems) {
        assertThat(ManifestValidator.validate(SIDECAR, manifest)).containsExactlyElementsOf(problems);
    }

    static Stream<Arguments> sidecarSetWebhook() {
        return Stream.of(
                refuses("validateSidecarSetName alphanumeric characters or '-'", SIDECAR, "metadata.name: "
                        + "\"log.agent\" is not a DNS-1123 label, as a SidecarSet name must be (lowercase letters, "
                        + "digits and '-', starting and ending with a letter or digit, at most 63 characters)",
                        "metadata.name", "log.agent"),
                refuses("no selector defined for SidecarSet", SIDECAR, "spec.selector: required", "spec.selector",
                        REMOVED),
                refuses("empty selector is not valid for sidecarset", SIDECAR, "spec.selector: must not be empty: "
                        + "an empty selector would claim every pod in the namespace", "spec.selector", Map.of()),
                refuses("no initContainer or container defined for SidecarSet", SIDECAR, "spec.containers: no "
                        + "container or initContainer defined for the SidecarSet", "spec.containers", REMOVED),
                refuses("container image is required by pod validation", SIDECAR, "spec.containers[0].image: "
                        + "required", "spec.containers", List.of(Map.of("name", "log-agent"))),
                refuses("unsupported pod inject policy", SIDECAR, "spec.containers[0].podInjectPolicy: unsupported "
                        + "value \"First\", expected one of AfterAppContainer, BeforeAppContainer",
                        "spec.containers[0].podInjectPolicy", "First"),
                refuses("Partition and Selector cannot be used together", SIDECAR, US + ": partition and selector "
                        + "cannot be used together", US + ".selector", CANARY),
                accepts("partition 0 counts as unset next to a selector", SIDECAR, US + ".selector", CANARY,
                        US + ".partition", 0),
                refuses("partition \"0%\" is set next to a selector", SIDECAR, US + ": partition and selector cannot "
                        + "be used together", US + ".selector", CANARY, US + ".partition", "0%"),
                accepts("a paused selected rollout without partition", SIDECAR, US + ".selector", CANARY,
                        US + ".partition", REMOVED, US + ".paused", true),
                refuses("partition ValidatePositiveIntOrPercent", SIDECAR, US + ".partition: must be an integer or a "
                        + "percentage like \"5%\", got \"abc\"", US + ".partition", "abc"),
                accepts("maxUnavailable 0 is a positive int", SIDECAR, US + ".maxUnavailable", 0),
                refuses("maxUnavailable ValidatePositiveIntOrPercent", SIDECAR, US + ".maxUnavailable: must not be "
                        + "negative, got -1", US + ".maxUnavailable", -1),
                accepts("NotUpdate skips the update strategy rules", SIDECAR, US + ".type", "NotUpdate",
                        US + ".partition", "abc"),
                accepts("an unknown type is kept and not checked", SIDECAR, US + ".type", "OnDelete"),
                refuses("initContainer in-place upgrade is not supported", SIDECAR, "spec.initContainers[0]: a "
                        + "sidecar init container (restartPolicy Always) cannot be upgraded in place: set "
                        + "updateStrategy.type NotUpdate", "spec.initContainers", List.of(Map.of("name", "proxy",
                                "image", "proxy:1", "restartPolicy", "Always"))),
                accepts("a native sidecar init container with NotUpdate", SIDECAR, US + ".type", "NotUpdate",
                        "spec.initContainers", List.of(Map.of("name", "proxy", "image", "proxy:1",
                                "restartPolicy", "Always"))));
    }
}
