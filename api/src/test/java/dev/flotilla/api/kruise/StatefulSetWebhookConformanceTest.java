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
 * OpenKruise v1.9.0 {@code pkg/webhook/statefulset/validating/statefulset_validation.go} after
 * {@code SetDefaultsStatefulSet} ({@code apis/apps/defaults/v1beta1.go}): what it accepts and what it refuses.
 */
class StatefulSetWebhookConformanceTest {

    private static final WorkloadKind ASTS = WorkloadKind.StatefulSet;
    private static final String RU = "spec.updateStrategy.rollingUpdate";

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void statefulSetWebhook(String rule, Map<String, Object> manifest, List<String> problems) {
        assertThat(ManifestValidator.validate(ASTS, manifest)).containsExactlyElementsOf(problems);
    }

    static Stream<Arguments> statefulSetWebhook() {
        return Stream.of(
                refuses("ValidateStatefulSetName is a DNS label, no dots", ASTS, "metadata.name: \"db.v2\" is not a "
                        + "DNS-1123 label, as a StatefulSet name must be (lowercase letters, digits and '-', starting "
                        + "and ending with a letter or digit, at most 63 characters)", "metadata.name", "db.v2"),
                refuses("podManagementPolicy must be OrderedReady or Parallel", ASTS, List.of(
                        "spec.podManagementPolicy: unsupported value \"Random\", expected one of OrderedReady, "
                                + "Parallel",
                        RU + ".maxUnavailable: a value other than 1 (got 20%) needs podManagementPolicy: Parallel"),
                        "spec.podManagementPolicy", "Random"),
                accepts("reserveOrdinals ranges and ordinals", ASTS, "spec.reserveOrdinals", List.of(0, "7-9")),
                refuses("reserveOrdinals ParseRange start after end", ASTS, "spec.reserveOrdinals[1]: \"5-3\" is "
                        + "neither a non-negative ordinal nor a range like \"3-5\"", "spec.reserveOrdinals",
                        List.of(1, "5-3")),
                refuses("scaleStrategy maxUnavailable can only work with Parallel", ASTS, "spec.scaleStrategy"
                        + ".maxUnavailable: a value other than 1 (got 2) needs podManagementPolicy: Parallel",
                        "spec.podManagementPolicy", "OrderedReady", RU + ".maxUnavailable", 1,
                        "spec.scaleStrategy.maxUnavailable", 2),
                refuses("scaleStrategy maxUnavailable should not be less than 1", ASTS,
                        "spec.scaleStrategy.maxUnavailable: must be at least 1, got 0",
                        "spec.scaleStrategy.maxUnavailable", 0),
                refuses("updateStrategy must be RollingUpdate or OnDelete", ASTS, "spec.updateStrategy.type: "
                        + "unsupported value \"Canary\", expected one of OnDelete, RollingUpdate",
                        "spec.updateStrategy.type", "Canary"),
                refuses("OnDelete rollingUpdate only allowed for RollingUpdate", ASTS, RU + ": only allowed for "
                        + "updateStrategy RollingUpdate", "spec.updateStrategy.type", "OnDelete"),
                accepts("OnDelete without rollingUpdate", ASTS, "spec.updateStrategy.type", "OnDelete",
                        RU, REMOVED),
                refuses("partition ValidateNonnegativeField", ASTS, RU + ".partition: must not be negative, got -2",
                        RU + ".partition", -2),
                refuses("minReadySeconds must be no more than 300 seconds", ASTS, RU + ".minReadySeconds: must be "
                        + "no more than 300 seconds, got 301", RU + ".minReadySeconds", 301),
                accepts("minReadySeconds of 300", ASTS, RU + ".minReadySeconds", 300),
                refuses("maxUnavailable ValidatePositiveIntOrPercent", ASTS, RU + ".maxUnavailable: must be an "
                        + "integer or a percentage like \"5%\", got \"x\"", RU + ".maxUnavailable", "x"),
                refuses("maxUnavailable should not be less than 1", ASTS, RU + ".maxUnavailable: must be at least 1, "
                        + "got 0%", RU + ".maxUnavailable", "0%"),
                accepts("maxUnavailable 1% resolves to 1 against one pod", ASTS, RU + ".maxUnavailable", "1%"),
                refuses("maxUnavailable other than int 1 can only work with Parallel", ASTS, RU + ".maxUnavailable: "
                        + "a value other than 1 (got 100%) needs podManagementPolicy: Parallel",
                        "spec.podManagementPolicy", REMOVED, RU + ".maxUnavailable", "100%"),
                accepts("maxUnavailable int 1 with the default OrderedReady", ASTS, "spec.podManagementPolicy",
                        REMOVED, RU + ".maxUnavailable", 1),
                refuses("podUpdatePolicy must be ReCreate, InPlaceIfPossible or InPlaceOnly", ASTS,
                        RU + ".podUpdatePolicy: unsupported value \"Rolling\", expected one of InPlaceIfPossible, "
                                + "InPlaceOnly, ReCreate", RU + ".podUpdatePolicy", "Rolling"),
                refuses("in-place podUpdatePolicy must contain the InPlaceUpdateReady readiness gate", ASTS,
                        "spec.template.spec.readinessGates: podUpdatePolicy InPlaceOnly needs the readiness gate "
                                + "{conditionType: InPlaceUpdateReady}", RU + ".podUpdatePolicy", "InPlaceOnly",
                        "spec.template.spec.readinessGates", REMOVED),
                accepts("ReCreate needs no readiness gate", ASTS, RU + ".podUpdatePolicy", "ReCreate",
                        "spec.template.spec.readinessGates", REMOVED),
                refuses("unorderedUpdate can only work with Parallel", ASTS, RU + ".unorderedUpdate: needs "
                        + "podManagementPolicy: Parallel", "spec.podManagementPolicy", "OrderedReady",
                        RU + ".maxUnavailable", 1, RU + ".unorderedUpdate", Map.of("priorityStrategy",
                                Map.of("orderPriority", List.of(Map.of("orderedKey", "rank"))))),
                refuses("persistentVolumeClaimRetentionPolicy must be Retain or Delete", ASTS,
                        "spec.persistentVolumeClaimRetentionPolicy.whenScaled: unsupported value \"Keep\", expected "
                                + "one of Delete, Retain", "spec.persistentVolumeClaimRetentionPolicy",
                        Map.of("whenDeleted", "Delete", "whenScaled", "Keep")),
                refuses("restartPolicy NotSupported other than Always", ASTS, "spec.template.spec.restartPolicy: "
                        + "unsupported value \"Never\" for a long-running workload, expected Always",
                        "spec.template.spec.restartPolicy", "Never"),
                refuses("activeDeadlineSeconds in StatefulSet is not Supported", ASTS,
                        "spec.template.spec.activeDeadlineSeconds: not supported for a long-running workload",
                        "spec.template.spec.activeDeadlineSeconds", 60),
                refuses("empty selector is invalid for statefulset", ASTS, "spec.selector: must not be empty: an "
                        + "empty selector would claim every pod in the namespace", "spec.selector", Map.of()));
    }
}
