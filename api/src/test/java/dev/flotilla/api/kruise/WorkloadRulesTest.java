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
import org.junit.jupiter.params.provider.MethodSource;

/** CloneSet and Advanced StatefulSet rules across fields; the webhook suites hold each rule alone. */
class WorkloadRulesTest {

    private static final WorkloadKind CLONE = WorkloadKind.CloneSet;
    private static final WorkloadKind ASTS = WorkloadKind.StatefulSet;
    private static final String CS = "spec.updateStrategy";
    private static final String RU = "spec.updateStrategy.rollingUpdate";

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
