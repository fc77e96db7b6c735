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
 * OpenKruise v1.9.0 {@code pkg/webhook/cloneset/validating/validation.go} after {@code SetDefaultsCloneSet}
 * ({@code apis/apps/defaults/v1alpha1.go}): what it accepts and what it refuses.
 */
class CloneSetWebhookConformanceTest {

    private static final WorkloadKind CLONE = WorkloadKind.CloneSet;
    private static final String US = "spec.updateStrategy";

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void cloneSetWebhook(String rule, Map<String, Object> manifest, List<String> problems) {
        assertThat(ManifestValidator.validate(CLONE, manifest)).containsExactlyElementsOf(problems);
    }

    static Stream<Arguments> cloneSetWebhook() {
        return Stream.of(
                accepts("NameIsDNSSubdomain accepts a dotted name", CLONE, "metadata.name", "web.v2"),
                refuses("NameIsDNSSubdomain refuses upper case", CLONE, "metadata.name: \"Web\" is not a DNS-1123 "
                        + "name (lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, "
                        + "at most 253 characters)", "metadata.name", "Web"),
                refuses("replicas ValidateNonnegativeField", CLONE, "spec.replicas: must not be negative, got -1",
                        "spec.replicas", -1),
                accepts("replicas defaults to 1", CLONE, "spec.replicas", REMOVED),
                refuses("selector Required", CLONE, "spec.selector: required", "spec.selector", REMOVED),
                refuses("empty selector is invalid for cloneset", CLONE, "spec.selector: must not be empty: an empty "
                        + "selector would claim every pod in the namespace", "spec.selector", Map.of()),
                refuses("selector does not match template labels", CLONE, "spec.template.metadata.labels: do not "
                        + "match spec.selector (unmet: app=web)", "spec.template.metadata.labels.app", "api"),
                accepts("restartPolicy Always is supported", CLONE, "spec.template.spec.restartPolicy", "Always"),
                refuses("restartPolicy NotSupported other than Always", CLONE, "spec.template.spec.restartPolicy: "
                        + "unsupported value \"OnFailure\" for a long-running workload, expected Always",
                        "spec.template.spec.restartPolicy", "OnFailure"),
                refuses("activeDeadlineSeconds in cloneset is not Supported", CLONE,
                        "spec.template.spec.activeDeadlineSeconds: not supported for a long-running workload",
                        "spec.template.spec.activeDeadlineSeconds", 60),
                accepts("progressDeadlineSeconds greater than minReadySeconds", CLONE,
                        "spec.progressDeadlineSeconds", 600, "spec.minReadySeconds", 10),
                refuses("progressDeadlineSeconds must be greater than minReadySeconds", CLONE,
                        "spec.progressDeadlineSeconds: must be greater than minReadySeconds (10 <= 10)",
                        "spec.progressDeadlineSeconds", 10, "spec.minReadySeconds", 10),
                refuses("podsToDelete duplicated items", CLONE, "spec.scaleStrategy.podsToDelete: duplicated item "
                        + "\"web-1\"", "spec.scaleStrategy.podsToDelete", List.of("web-1", "web-1")),
                refuses("updateStrategy type must be ReCreate, InPlaceIfPossible or InPlaceOnly", CLONE,
                        US + ".type: unsupported value \"Rolling\", expected one of InPlaceIfPossible, InPlaceOnly, "
                                + "ReCreate", US + ".type", "Rolling"),
                accepts("GetScaledValueFromIntOrPercent reads a fractional percent", CLONE, US + ".partition",
                        "12.5%"),
                accepts("GetScaledValueFromIntOrPercent reads a percent above 100", CLONE, US + ".partition",
                        "150%"),
                refuses("GetScaledValueFromIntOrPercent string is not a percentage", CLONE, US + ".partition: "
                        + "malformed int-or-percent: \"5\" is a string that is not a percentage", US + ".partition",
                        "5"),
                refuses("partition ValidateNonnegativeField", CLONE, US + ".partition: must not be negative, got -1",
                        US + ".partition", -1),
                refuses("maxUnavailable and maxSurge should not both be less than 1", CLONE, US + ".maxUnavailable: "
                        + "maxUnavailable and maxSurge must not both be less than 1: no pod could ever be updated",
                        US + ".maxUnavailable", 0),
                accepts("maxUnavailable 0 with a maxSurge of at least 1", CLONE, US + ".maxUnavailable", 0,
                        US + ".maxSurge", "10%"),
                accepts("maxUnavailable defaults to 20% which rounds up to 1", CLONE, US + ".maxUnavailable",
                        REMOVED, "spec.replicas", 1),
                accepts("both below 1 is allowed for 0 replicas", CLONE, US + ".maxUnavailable", 0, "spec.replicas",
                        0),
                refuses("can not use maxSurge with strategy type InPlaceOnly", CLONE, US + ".maxSurge: not allowed "
                        + "with InPlaceOnly (in-place updates never create extra pods)", US + ".type", "InPlaceOnly",
                        US + ".maxSurge", "10%"),
                accepts("maxSurge resolving to 0 with InPlaceOnly", CLONE, US + ".type", "InPlaceOnly",
                        US + ".maxSurge", "0%"),
                accepts("priorityStrategy weight left out counts as 0", CLONE, US + ".priorityStrategy",
                        Map.of("weightPriority", List.of(Map.of("matchSelector", Map.of("matchLabels",
                                Map.of("zone", "a")))))),
                refuses("priorityStrategy weight must be in the range 0-100", CLONE, US + ".priorityStrategy"
                        + ".weightPriority[0].weight: must be between 0 and 100, got 101", US + ".priorityStrategy",
                        Map.of("weightPriority", List.of(Map.of("weight", 101, "matchSelector",
                                Map.of("matchLabels", Map.of("zone", "a")))))),
                refuses("priorityStrategy selector can not be empty", CLONE, US + ".priorityStrategy"
                        + ".weightPriority[0].matchSelector: must not be empty", US + ".priorityStrategy",
                        Map.of("weightPriority", List.of(Map.of("weight", 10, "matchSelector", Map.of())))),
                refuses("priorityStrategy only one of weightPriority and orderPriority", CLONE, US
                        + ".priorityStrategy: weightPriority and orderPriority are mutually exclusive",
                        US + ".priorityStrategy", Map.of("weightPriority", List.of(Map.of("weight", 50,
                                "matchSelector", Map.of("matchLabels", Map.of("zone", "a")))),
                                "orderPriority", List.of(Map.of("orderedKey", "order")))),
                refuses("scatterStrategy duplicated key and value", CLONE, US + ".scatterStrategy[1]: duplicated "
                        + "key=zone value=a", US + ".scatterStrategy", List.of(Map.of("key", "zone", "value", "a"),
                        Map.of("key", "zone", "value", "a"))),
                refuses("scatterStrategy key should not be empty", CLONE, US + ".scatterStrategy[0].key: required",
                        US + ".scatterStrategy", List.of(Map.of("key", "", "value", "a"))));
    }
}
