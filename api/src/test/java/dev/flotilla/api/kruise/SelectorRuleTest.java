package dev.flotilla.api.kruise;

import static dev.flotilla.api.kruise.Manifests.valid;
import static dev.flotilla.api.kruise.Manifests.with;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.api.agent.WorkloadKind;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class SelectorRuleTest {

    private static final Map<String, String> POD_LABELS = Map.of("app", "web", "tier", "frontend");

    @ParameterizedTest(name = "{0} matches: {1}")
    @MethodSource
    void matchesTemplateLabelsAsKubernetesDoes(Map<String, Object> selector, boolean matches) {
        Map<String, Object> manifest = with(valid(WorkloadKind.CloneSet), "spec.selector", selector);
        with(manifest, "spec.template.metadata.labels", POD_LABELS);

        List<String> problems = ManifestValidator.validate(WorkloadKind.CloneSet, manifest);

        if (matches) {
            assertThat(problems).isEmpty();
        } else {
            assertThat(problems).singleElement().asString()
                    .startsWith("spec.template.metadata.labels: do not match spec.selector (unmet: ");
        }
    }

    static Stream<Arguments> matchesTemplateLabelsAsKubernetesDoes() {
        return Stream.of(
                Arguments.of(labels("app", "web"), true),
                Arguments.of(labels("app", "api"), false),
                Arguments.of(labels("team", "x"), false),
                Arguments.of(expression("tier", "In", List.of("frontend", "edge")), true),
                Arguments.of(expression("tier", "In", List.of("backend")), false),
                Arguments.of(expression("tier", "NotIn", List.of("backend")), true),
                Arguments.of(expression("tier", "NotIn", List.of("frontend")), false),
                Arguments.of(expression("zone", "NotIn", List.of("a")), true),
                Arguments.of(expression("app", "Exists", List.of()), true),
                Arguments.of(expression("zone", "Exists", List.of()), false),
                Arguments.of(expression("zone", "DoesNotExist", List.of()), true),
                Arguments.of(expression("app", "DoesNotExist", List.of()), false));
    }

    @ParameterizedTest(name = "{0} is refused: {1}")
    @MethodSource
    void refusesMalformedOrEmptySelectors(Map<String, Object> selector, String problem) {
        Map<String, Object> manifest = with(valid(WorkloadKind.CloneSet), "spec.selector", selector);

        assertThat(ManifestValidator.validate(WorkloadKind.CloneSet, manifest)).containsExactly(problem);
    }

    static Stream<Arguments> refusesMalformedOrEmptySelectors() {
        return Stream.of(
                Arguments.of(Map.of(), "spec.selector: must not be empty: an empty selector would claim every pod "
                        + "in the namespace"),
                Arguments.of(expression("tier", "Has", List.of("a")), "spec.selector.matchExpressions[0].operator: "
                        + "unsupported value \"Has\", expected one of In, NotIn, Exists, DoesNotExist"),
                Arguments.of(expression("tier", "In", List.of()),
                        "spec.selector.matchExpressions[0].values: must not be empty with operator In"),
                Arguments.of(expression("tier", "Exists", List.of("x")),
                        "spec.selector.matchExpressions[0].values: must be empty with operator Exists"));
    }

    @ParameterizedTest(name = "{0} needs a selector")
    @EnumSource(value = WorkloadKind.class, names = {"CloneSet", "StatefulSet", "UnitedDeployment"})
    void refusesAMissingSelector(WorkloadKind kind) {
        Map<String, Object> manifest = Manifests.without(valid(kind), "spec.selector");

        assertThat(ManifestValidator.validate(kind, manifest)).containsExactly("spec.selector: required");
    }

    private static Map<String, Object> labels(String key, String value) {
        return Map.of("matchLabels", Map.of(key, value));
    }

    private static Map<String, Object> expression(String key, String operator, List<String> values) {
        return Map.of("matchExpressions", List.of(Map.of("key", key, "operator", operator, "values", values)));
    }
}
