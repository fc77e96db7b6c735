package dev.flotilla.api.kruise;

import static dev.flotilla.api.kruise.Manifests.valid;
import static dev.flotilla.api.kruise.Manifests.with;
import static dev.flotilla.api.kruise.Manifests.without;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.api.agent.WorkloadKind;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The CloneSet, Advanced StatefulSet, SidecarSet and BroadcastJob rules, one mutation of a valid manifest each. */
class WorkloadRulesTest {

    private static final WorkloadKind CLONE = WorkloadKind.CloneSet;
    private static final WorkloadKind ASTS = WorkloadKind.StatefulSet;
    private static final String CS = "spec.updateStrategy";
    private static final String RU = "spec.updateStrategy.rollingUpdate";

    @ParameterizedTest(name = "{0} {1}={2} -> {3}")
    @MethodSource
    void refusesEachBrokenRuleWithItsPathAndReason(WorkloadKind kind, String path, Object value, String problem) {
        assertThat(ManifestValidator.validate(kind, with(valid(kind), path, value))).containsExactly(problem);
    }

    static Stream<Arguments> refusesEachBrokenRuleWithItsPathAndReason() {
        return Stream.of(
                Arguments.of(CLONE, "spec.replicas", -1,
                        "spec.replicas: must not be negative, got -1"),
                Arguments.of(CLONE, CS + ".maxSurge", "abc",
                        CS + ".maxSurge: malformed int-or-percent: \"abc\" is not an integer or a whole percentage "
                                + "like \"20%\""),
                Arguments.of(CLONE, CS + ".partition", -1,
                        CS + ".partition: malformed int-or-percent: -1 must not be negative"),
                Arguments.of(CLONE, CS + ".partition", "150%",
                        CS + ".partition: malformed int-or-percent: \"150%\" must be between 0% and 100%"),
                Arguments.of(CLONE, CS + ".maxUnavailable", "10.5%",
                        CS + ".maxUnavailable: malformed int-or-percent: \"10.5%\" is not an integer or a whole "
                                + "percentage like \"20%\""),
                Arguments.of(CLONE, "spec.scaleStrategy.maxUnavailable", "-1",
                        "spec.scaleStrategy.maxUnavailable: malformed int-or-percent: \"-1\" is a string without "
                                + "'%': write -1 as a number or add '%'"),
                Arguments.of(CLONE, CS + ".type", "Rolling",
                        CS + ".type: unsupported value \"Rolling\", expected one of InPlaceIfPossible, InPlaceOnly, "
                                + "ReCreate"),
                Arguments.of(CLONE, CS + ".maxUnavailable", 0,
                        CS + ".maxUnavailable: maxUnavailable and maxSurge must not both be 0: no pod could ever be "
                                + "updated"),
                Arguments.of(CLONE, "spec.template.spec.restartPolicy", "OnFailure",
                        "spec.template.spec.restartPolicy: unsupported value \"OnFailure\" for a long-running "
                                + "workload, expected Always"),
                Arguments.of(ASTS, RU + ".maxUnavailable", "0%", RU + ".maxUnavailable: must be at least 1, got 0%"),
                Arguments.of(ASTS, RU + ".maxUnavailable", "x",
                        RU + ".maxUnavailable: malformed int-or-percent: \"x\" is not an integer or a whole "
                                + "percentage like \"20%\""),
                Arguments.of(ASTS, RU + ".partition", -2, RU + ".partition: must not be negative, got -2"),
                Arguments.of(ASTS, RU + ".podUpdatePolicy", "Rolling",
                        RU + ".podUpdatePolicy: unsupported value \"Rolling\", expected one of InPlaceIfPossible, "
                                + "InPlaceOnly, ReCreate"),
                Arguments.of(ASTS, "spec.reserveOrdinals", List.of(1, "5-3"),
                        "spec.reserveOrdinals[1]: \"5-3\" is neither a non-negative ordinal nor a range like \"3-5\""),
                Arguments.of(WorkloadKind.SidecarSet, CS + ".partition", "abc",
                        CS + ".partition: malformed int-or-percent: \"abc\" is not an integer or a whole percentage "
                                + "like \"20%\""),
                Arguments.of(WorkloadKind.SidecarSet, CS + ".type", "OnDelete",
                        CS + ".type: unsupported value \"OnDelete\", expected one of NotUpdate, RollingUpdate"),
                Arguments.of(WorkloadKind.SidecarSet, "spec.containers", List.of(Map.of("name", "log-agent")),
                        "spec.containers[0].image: required"),
                Arguments.of(WorkloadKind.BroadcastJob, "spec.parallelism", "150%",
                        "spec.parallelism: malformed int-or-percent: \"150%\" must be between 0% and 100%"),
                Arguments.of(WorkloadKind.BroadcastJob, "spec.completionPolicy.type", "Never",
                        "spec.completionPolicy.ttlSecondsAfterFinished: only allowed with type Always"),
                Arguments.of(WorkloadKind.BroadcastJob, "spec.failurePolicy.type", "Retry",
                        "spec.failurePolicy.type: unsupported value \"Retry\", expected one of Continue, FailFast, "
                                + "Pause"));
    }

    @Test
    void refusesMaxSurgeWithInPlaceOnly() {
        Map<String, Object> manifest = with(valid(CLONE), CS + ".type", "InPlaceOnly");
        with(manifest, CS + ".maxSurge", "10%");

        assertThat(ManifestValidator.validate(CLONE, manifest)).containsExactly(
                CS + ".maxSurge: not allowed with InPlaceOnly (in-place updates never create extra pods)");
    }

    @Test
    void acceptsAZeroMaxSurgeWithInPlaceOnlyAsKruiseDoes() {
        Map<String, Object> manifest = with(valid(CLONE), CS + ".type", "InPlaceOnly");
        with(manifest, CS + ".maxSurge", "0%");

        assertThat(ManifestValidator.validate(CLONE, manifest)).isEmpty();
    }

    @Test
    void acceptsMaxSurgeWithInPlaceIfPossible() {
        assertThat(ManifestValidator.validate(CLONE, with(valid(CLONE), CS + ".maxSurge", "25%"))).isEmpty();
    }

    @Test
    void refusesWeightAndOrderPriorityTogether() {
        Map<String, Object> manifest = with(valid(CLONE), CS + ".priorityStrategy", Map.of(
                "weightPriority", List.of(Map.of("weight", 50, "matchSelector", Map.of("matchLabels",
                        Map.of("zone", "a")))),
                "orderPriority", List.of(Map.of("orderedKey", "order"))));

        assertThat(ManifestValidator.validate(CLONE, manifest)).containsExactly(
                CS + ".priorityStrategy: weightPriority and orderPriority are mutually exclusive");
    }

    @ParameterizedTest(name = "podUpdatePolicy {0} without the readiness gate is refused")
    @MethodSource
    void refusesInPlacePodUpdatePolicyWithoutTheReadinessGate(String policy) {
        Map<String, Object> manifest = with(valid(ASTS), RU + ".podUpdatePolicy", policy);
        without(manifest, "spec.template.spec.readinessGates");

        assertThat(ManifestValidator.validate(ASTS, manifest)).containsExactly("spec.template.spec.readinessGates: "
                + "podUpdatePolicy " + policy + " needs the readiness gate {conditionType: InPlaceUpdateReady}");
    }

    static Stream<String> refusesInPlacePodUpdatePolicyWithoutTheReadinessGate() {
        return Stream.of("InPlaceIfPossible", "InPlaceOnly");
    }

    @Test
    void acceptsReCreateWithoutTheReadinessGate() {
        Map<String, Object> manifest = with(valid(ASTS), RU + ".podUpdatePolicy", "ReCreate");
        without(manifest, "spec.template.spec.readinessGates");

        assertThat(ManifestValidator.validate(ASTS, manifest)).isEmpty();
    }

    @ParameterizedTest(name = "maxUnavailable {0} with OrderedReady is refused")
    @MethodSource
    void refusesMaxUnavailableOtherThanOneWithoutParallel(Object maxUnavailable) {
        Map<String, Object> manifest = with(valid(ASTS), "spec.podManagementPolicy", "OrderedReady");
        with(manifest, RU + ".maxUnavailable", maxUnavailable);

        assertThat(ManifestValidator.validate(ASTS, manifest)).containsExactly(RU + ".maxUnavailable: a value "
                + "other than 1 (got " + maxUnavailable + ") needs podManagementPolicy: Parallel");
    }

    static Stream<Object> refusesMaxUnavailableOtherThanOneWithoutParallel() {
        return Stream.of(2, "20%", "100%");
    }

    @Test
    void acceptsMaxUnavailableOfOneWithTheDefaultPodManagementPolicy() {
        Map<String, Object> manifest = without(valid(ASTS), "spec.podManagementPolicy");
        with(manifest, RU + ".maxUnavailable", 1);

        assertThat(ManifestValidator.validate(ASTS, manifest)).isEmpty();
    }

    @Test
    void refusesUnorderedUpdateWithoutParallel() {
        Map<String, Object> manifest = with(valid(ASTS), "spec.podManagementPolicy", "OrderedReady");
        with(manifest, RU + ".maxUnavailable", 1);
        with(manifest, RU + ".unorderedUpdate", Map.of("priorityStrategy",
                Map.of("orderPriority", List.of(Map.of("orderedKey", "rank")))));

        assertThat(ManifestValidator.validate(ASTS, manifest))
                .containsExactly(RU + ".unorderedUpdate: needs podManagementPolicy: Parallel");
    }

    @Test
    void refusesAnUnknownPodManagementPolicyAndTheMaxUnavailableThatNeedsParallel() {
        List<String> problems = ManifestValidator.validate(ASTS, with(valid(ASTS), "spec.podManagementPolicy",
                "Random"));

        assertThat(problems).containsExactly(
                "spec.podManagementPolicy: unsupported value \"Random\", expected one of OrderedReady, Parallel",
                RU + ".maxUnavailable: a value other than 1 (got 20%) needs podManagementPolicy: Parallel");
    }

    @Test
    void refusesAWorkloadWithoutTemplate() {
        List<String> problems = ManifestValidator.validate(CLONE, without(valid(CLONE), "spec.template"));

        assertThat(problems).startsWith("spec.template: required");
    }
}
