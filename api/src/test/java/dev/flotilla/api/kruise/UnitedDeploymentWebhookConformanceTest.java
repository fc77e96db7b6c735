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
 * OpenKruise v1.9.0 {@code pkg/webhook/uniteddeployment/validating/uniteddeployment_validation.go} after
 * {@code SetDefaultsUnitedDeployment}, which gives {@code spec.replicas} no default.
 */
class UnitedDeploymentWebhookConformanceTest {

    private static final WorkloadKind UD = WorkloadKind.UnitedDeployment;
    private static final String SUBSETS = "spec.topology.subsets";
    private static final String ASTS = "spec.template.advancedStatefulSetTemplate";

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void unitedDeploymentWebhook(String rule, Map<String, Object> manifest, List<String> problems) {
        assertThat(ManifestValidator.validate(UD, manifest)).containsExactlyElementsOf(problems);
    }

    static Stream<Arguments> unitedDeploymentWebhook() {
        return Stream.of(
                refuses("without UnitedDeployment replicas every subset needs replicas", UD, List.of(
                        SUBSETS + "[1].replicas: a percentage needs spec.replicas, got \"50%\"",
                        SUBSETS + ": without spec.replicas every subset needs replicas"), "spec.replicas", REMOVED),
                accepts("without UnitedDeployment replicas integer replicas on every subset", UD,
                        "spec.replicas", REMOVED, SUBSETS + "[1].replicas", 2, SUBSETS + "[2].replicas", 3),
                refuses("sum of indicated subset replicas should not be greater than UnitedDeployment replicas", UD,
                        SUBSETS + ": subset replicas add up to 8, more than spec.replicas 6",
                        SUBSETS + "[0].replicas", 5),
                refuses("if replicas of all subsets are provided the sum should equal UnitedDeployment replicas", UD,
                        SUBSETS + ": every subset has replicas, so they must add up to spec.replicas 6, but they "
                                + "add up to 5", SUBSETS + "[2].replicas", 1),
                refuses("both sum rules at once, as upstream reports them", UD, List.of(
                        SUBSETS + ": subset replicas add up to 7, more than spec.replicas 6",
                        SUBSETS + ": every subset has replicas, so they must add up to spec.replicas 6, but they "
                                + "add up to 7"), SUBSETS + "[2].replicas", 3),
                accepts("a percentage rounds half up: 50% of 5 is 3", UD, "spec.replicas", 5),
                refuses("ParseSubsetReplicas percentage in range 0-100", UD, SUBSETS + "[1].replicas: malformed "
                        + "int-or-percent: \"150%\" must be between 0% and 100%", SUBSETS + "[1].replicas", "150%"),
                refuses("ParseSubsetReplicas should not be less than 0", UD, SUBSETS + "[0].replicas: must not be "
                        + "negative, got -1", SUBSETS + "[0].replicas", -1),
                refuses("replicas and minReplicas/maxReplicas are mutually exclusive", UD, SUBSETS + ": replicas and "
                        + "minReplicas/maxReplicas are mutually exclusive", SUBSETS + "[0].minReplicas", 1),
                accepts("minReplicas and maxReplicas with one subset unbounded", UD, SUBSETS + "[0].replicas",
                        REMOVED, SUBSETS + "[1].replicas", REMOVED, SUBSETS + "[0].minReplicas", 1,
                        SUBSETS + "[0].maxReplicas", 2, SUBSETS + "[1].maxReplicas", "50%"),
                refuses("at least one subset.maxReplicas must be empty", UD, SUBSETS + ": at least one subset must "
                        + "have no maxReplicas", SUBSETS + "[0].replicas", REMOVED, SUBSETS + "[1].replicas",
                        REMOVED, SUBSETS + "[0].maxReplicas", 2, SUBSETS + "[1].maxReplicas", 2,
                        SUBSETS + "[2].maxReplicas", 2),
                refuses("minReplicas must not be more than maxReplicas", UD, SUBSETS + "[0].minReplicas: must not "
                        + "exceed maxReplicas (3 > 2)", SUBSETS + "[0].replicas", REMOVED, SUBSETS + "[1].replicas",
                        REMOVED, SUBSETS + "[0].minReplicas", 3, SUBSETS + "[0].maxReplicas", 2),
                refuses("Adaptive schedule strategy forbids subset replicas", UD, List.of(
                        SUBSETS + "[0].replicas: not allowed with the Adaptive schedule strategy: use minReplicas "
                                + "and maxReplicas",
                        SUBSETS + "[1].replicas: not allowed with the Adaptive schedule strategy: use minReplicas "
                                + "and maxReplicas"), "spec.topology.scheduleStrategy", Map.of("type", "Adaptive")),
                refuses("reserveUnschedulablePods only for stateless workloads", UD, "spec.topology.scheduleStrategy:"
                        + " reserveUnschedulablePods works only with deploymentTemplate or cloneSetTemplate",
                        SUBSETS + "[0].replicas", REMOVED, SUBSETS + "[1].replicas", REMOVED,
                        "spec.topology.scheduleStrategy", Map.of("type", "Adaptive", "adaptive",
                                Map.of("reserveUnschedulablePods", true))),
                refuses("subset name NameIsDNSLabel", UD, SUBSETS + "[0].name: \"Zone_A\" is not a DNS-1123 label",
                        SUBSETS + "[0].name", "Zone_A", "spec.updateStrategy.manualUpdate.partitions", Map.of()),
                refuses("partitions subset does not exist", UD, "spec.updateStrategy.manualUpdate.partitions.zone-x: "
                        + "no subset is named \"zone-x\"", "spec.updateStrategy.manualUpdate.partitions",
                        Map.of("zone-x", 1)),
                accepts("updateStrategy type is not checked", UD, "spec.updateStrategy.type", "Auto"),
                refuses("selector does not match the subset workload labels", UD, ASTS + ".metadata.labels: do not "
                        + "match spec.selector (unmet: app=sample)", ASTS + ".metadata.labels", Map.of("app", "x")),
                refuses("replicas in advancedStatefulSetTemplate will not be used", UD, ASTS + ".spec.replicas: not "
                        + "allowed: the UnitedDeployment sets each subset's replicas", ASTS + ".spec.replicas", 3),
                refuses("partition in advancedStatefulSetTemplate will not be used", UD, ASTS + ".spec.updateStrategy"
                        + ".rollingUpdate.partition: not allowed: the UnitedDeployment sets each subset's partition "
                        + "from updateStrategy.manualUpdate.partitions", ASTS + ".spec.updateStrategy",
                        Map.of("type", "RollingUpdate", "rollingUpdate", Map.of("partition", 1))),
                accepts("the UnitedDeployment webhook does not ask an in-place template for the readiness gate", UD,
                        ASTS + ".spec.updateStrategy", Map.of("rollingUpdate",
                                Map.of("podUpdatePolicy", "InPlaceIfPossible"))));
    }
}
