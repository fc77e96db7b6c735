package dev.flotilla.api.kruise;

import static dev.flotilla.api.kruise.Manifests.valid;
import static dev.flotilla.api.kruise.Manifests.with;
import static dev.flotilla.api.kruise.Manifests.without;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.api.agent.WorkloadKind;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class ManifestValidatorTest {

    @ParameterizedTest(name = "a realistic {0} is accepted")
    @EnumSource(WorkloadKind.class)
    void acceptsARealisticManifestOfEachKind(WorkloadKind kind) {
        assertThat(ManifestValidator.validate(kind, valid(kind))).isEmpty();
    }

    @ParameterizedTest(name = "preparing {0} reads it into its typed model")
    @EnumSource(WorkloadKind.class)
    void preparesEachKindThroughItsTypedReader(WorkloadKind kind) {
        // the header passes, so the manifest is read into the kind's model (which builds its reader) and only the
        // kind's own rules, which run on the typed model, find something: the missing spec
        assertThat(ManifestValidator.validate(kind, ManifestValidator.preparing(kind)))
                .containsExactly("spec: required");
    }

    @Test
    void validatesAsBeforeOncePrepared() {
        ManifestValidator.prepare();
        ManifestValidator.prepare();

        for (WorkloadKind kind : WorkloadKind.values()) {
            assertThat(ManifestValidator.validate(kind, valid(kind))).isEmpty();
            assertThat(ManifestValidator.validate(kind, without(valid(kind), "spec"))).containsExactly("spec: required");
        }
    }

    @ParameterizedTest(name = "{0} with apiVersion {1}, which Kruise v1.9.0 does not serve, is refused")
    @MethodSource
    void refusesAnApiVersionKruiseDoesNotServeForTheKind(WorkloadKind kind, String apiVersion, String served) {
        List<String> problems = ManifestValidator.validate(kind, with(valid(kind), "apiVersion", apiVersion));

        assertThat(problems).containsExactly("apiVersion: must be " + served + " for " + kind
                + " (the versions Kruise serves), got \"" + apiVersion + "\"");
    }

    static Stream<Arguments> refusesAnApiVersionKruiseDoesNotServeForTheKind() {
        String both = "apps.kruise.io/v1alpha1 or apps.kruise.io/v1beta1";
        return Stream.of(
                Arguments.of(WorkloadKind.CloneSet, "apps.kruise.io/v1beta1", "apps.kruise.io/v1alpha1"),
                Arguments.of(WorkloadKind.StatefulSet, "apps/v1", both),
                Arguments.of(WorkloadKind.SidecarSet, "apps.kruise.io/v1", both),
                Arguments.of(WorkloadKind.BroadcastJob, "batch/v1", both),
                Arguments.of(WorkloadKind.UnitedDeployment, "apps.kruise.io/v1beta1", "apps.kruise.io/v1alpha1"));
    }

    @ParameterizedTest(name = "{0} at every apiVersion Kruise v1.9.0 serves is accepted")
    @EnumSource(WorkloadKind.class)
    void acceptsEveryApiVersionKruiseServesForTheKind(WorkloadKind kind) {
        for (String apiVersion : ApiVersions.served(kind)) {
            assertThat(ManifestValidator.validate(kind, with(valid(kind), "apiVersion", apiVersion))).isEmpty();
        }
    }

    @Test
    void refusesAKindThatIsNotTheWorkloadKind() {
        List<String> problems = ManifestValidator.validate(WorkloadKind.CloneSet,
                with(valid(WorkloadKind.CloneSet), "kind", "Deployment"));

        assertThat(problems).containsExactly("kind: must be CloneSet, got \"Deployment\"");
    }

    @ParameterizedTest(name = "metadata.name {0} is refused")
    @MethodSource
    void refusesAMissingOrNonDnsName(Object name, String message) {
        List<String> problems = ManifestValidator.validate(WorkloadKind.CloneSet,
                with(valid(WorkloadKind.CloneSet), "metadata.name", name));

        assertThat(problems).hasSize(1).first().asString().startsWith("metadata.name: ").contains(message);
    }

    static Stream<Arguments> refusesAMissingOrNonDnsName() {
        return Stream.of(
                Arguments.of("", "required"),
                Arguments.of("Web_1", "\"Web_1\" is not a DNS-1123 name"),
                Arguments.of("-web", "is not a DNS-1123 name"),
                Arguments.of("web-", "is not a DNS-1123 name"),
                Arguments.of("a".repeat(254), "is not a DNS-1123 name"),
                Arguments.of(42, "42 is not a DNS-1123 name"));
    }

    @Test
    void refusesAManifestWithoutName() {
        List<String> problems = ManifestValidator.validate(WorkloadKind.BroadcastJob,
                without(valid(WorkloadKind.BroadcastJob), "metadata.name"));

        assertThat(problems).containsExactly("metadata.name: required");
    }

    @Test
    void acceptsADottedDnsSubdomainName() {
        assertThat(ManifestValidator.validate(WorkloadKind.CloneSet,
                with(valid(WorkloadKind.CloneSet), "metadata.name", "web.v2"))).isEmpty();
    }

    @Test
    void refusesAnInvalidNamespaceOnANamespacedKind() {
        List<String> problems = ManifestValidator.validate(WorkloadKind.CloneSet,
                with(valid(WorkloadKind.CloneSet), "metadata.namespace", "Shop"));

        assertThat(problems).containsExactly("metadata.namespace: \"Shop\" is not a DNS-1123 label");
    }

    @Test
    void reportsAFieldOfTheWrongTypeAsOneProblemAtItsPath() {
        List<String> problems = ManifestValidator.validate(WorkloadKind.CloneSet,
                with(valid(WorkloadKind.CloneSet), "spec.replicas", "ten"));

        assertThat(problems).singleElement().asString()
                .startsWith("spec.replicas: cannot be read as a CloneSet: ")
                .contains("`Integer`", "\"ten\"");
    }

    @Test
    void reportsANestedListFieldOfTheWrongTypeWithItsIndex() {
        List<String> problems = ManifestValidator.validate(WorkloadKind.CloneSet,
                with(valid(WorkloadKind.CloneSet), "spec.template.spec.containers", List.of("web:v2")));

        assertThat(problems).singleElement().asString()
                .startsWith("spec.template.spec.containers[0]: cannot be read as a CloneSet: ");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void neverThrowsOnGarbage(String description, WorkloadKind kind, Map<String, Object> manifest) {
        List<String> problems = ManifestValidator.validate(kind, manifest);
        assertThat(problems).isNotEmpty()
                .allSatisfy(problem -> assertThat(problem).matches("[\\w.\\[\\]-]+: .+")
                        .doesNotStartWith("manifest: could not be validated"));
    }

    static Stream<Arguments> neverThrowsOnGarbage() {
        return Stream.of(
                Arguments.of("an empty map", WorkloadKind.CloneSet, Map.of()),
                Arguments.of("no manifest", WorkloadKind.CloneSet, null),
                Arguments.of("spec is a string", WorkloadKind.CloneSet, with(valid(WorkloadKind.CloneSet), "spec",
                        "oops")),
                Arguments.of("metadata is a list", WorkloadKind.SidecarSet, with(valid(WorkloadKind.SidecarSet),
                        "metadata", List.of(1))),
                Arguments.of("no spec", WorkloadKind.StatefulSet, without(valid(WorkloadKind.StatefulSet), "spec")),
                Arguments.of("no spec", WorkloadKind.UnitedDeployment,
                        without(valid(WorkloadKind.UnitedDeployment), "spec")),
                Arguments.of("no spec", WorkloadKind.SidecarSet, without(valid(WorkloadKind.SidecarSet), "spec")),
                Arguments.of("no spec", WorkloadKind.BroadcastJob, without(valid(WorkloadKind.BroadcastJob), "spec")),
                Arguments.of("a null priority term", WorkloadKind.CloneSet, with(valid(WorkloadKind.CloneSet),
                        "spec.updateStrategy.priorityStrategy.weightPriority", Arrays.asList(
                                (Object) null))),
                Arguments.of("a float partition", WorkloadKind.CloneSet, with(valid(WorkloadKind.CloneSet),
                        "spec.updateStrategy.partition", 10.5)),
                Arguments.of("a list as maxSurge", WorkloadKind.CloneSet, with(valid(WorkloadKind.CloneSet),
                        "spec.updateStrategy.maxSurge", List.of(1, 2))),
                Arguments.of("a null subset", WorkloadKind.UnitedDeployment, with(valid(WorkloadKind.UnitedDeployment),
                        "spec.topology.subsets", Arrays.asList((Object) null))),
                Arguments.of("a null selector expression", WorkloadKind.CloneSet, with(valid(WorkloadKind.CloneSet),
                        "spec.selector.matchExpressions", Arrays.asList((Object) null))));
    }

    @Test
    void refusesAMissingKind() {
        assertThat(ManifestValidator.validate(null, valid(WorkloadKind.CloneSet)))
                .containsExactly("kind: no workload kind given");
    }
}
