package dev.flotilla.api.kruise;

import static dev.flotilla.api.kruise.Manifests.valid;
import static dev.flotilla.api.kruise.Manifests.with;
import static dev.flotilla.api.kruise.Manifests.without;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.api.agent.WorkloadKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnitedDeploymentRulesTest {

    private static final WorkloadKind UD = WorkloadKind.UnitedDeployment;
    private static final String ASTS_TEMPLATE = "spec.template.advancedStatefulSetTemplate";

    @Test
    void refusesATemplateWithNoWorkload() {
        List<String> problems = ManifestValidator.validate(UD, with(valid(UD), "spec.template", Map.of()));

        assertThat(problems).containsExactly("spec.template: exactly one of statefulSetTemplate, "
                + "advancedStatefulSetTemplate, cloneSetTemplate or deploymentTemplate is required, found none");
    }

    @Test
    void refusesSeveralTemplates() {
        Map<String, Object> manifest = with(valid(UD), "spec.template.cloneSetTemplate", Map.of(
                "metadata", Map.of("labels", Map.of("app", "sample")),
                "spec", Map.of("template", Map.of("metadata", Map.of("labels", Map.of("app", "sample"))))));

        assertThat(ManifestValidator.validate(UD, manifest)).containsExactly("spec.template: exactly one of "
                + "statefulSetTemplate, advancedStatefulSetTemplate, cloneSetTemplate or deploymentTemplate is "
                + "required, found advancedStatefulSetTemplate, cloneSetTemplate");
    }

    @Test
    void refusesAMalformedSubsetReplicas() {
        List<String> problems = ManifestValidator.validate(UD, with(valid(UD), "spec.topology.subsets[1].replicas",
                "half"));

        assertThat(problems).containsExactly("spec.topology.subsets[1].replicas: malformed int-or-percent: \"half\" "
                + "is not an integer or a whole percentage like \"20%\"");
    }

    @Test
    void refusesADuplicateSubsetName() {
        List<String> problems = ManifestValidator.validate(UD, with(valid(UD), "spec.topology.subsets[2].name",
                "subset-a"));

        assertThat(problems).containsExactly(
                "spec.topology.subsets[2].name: duplicate subset name \"subset-a\"",
                "spec.updateStrategy.manualUpdate.partitions.subset-c: no subset is named \"subset-c\"");
    }

    @Test
    void refusesAPartitionForAnUnknownSubsetAndANegativePartition() {
        Map<String, Object> manifest = with(valid(UD), "spec.updateStrategy.manualUpdate.partitions",
                Map.of("subset-a", -1, "subset-x", 2));

        assertThat(ManifestValidator.validate(UD, manifest)).containsExactlyInAnyOrder(
                "spec.updateStrategy.manualUpdate.partitions.subset-a: must not be negative, got -1",
                "spec.updateStrategy.manualUpdate.partitions.subset-x: no subset is named \"subset-x\"");
    }

    @Test
    void refusesInnerPodLabelsThatTheSelectorDoesNotMatch() {
        Map<String, Object> manifest = with(valid(UD), ASTS_TEMPLATE + ".spec.template.metadata.labels",
                Map.of("app", "other"));

        assertThat(ManifestValidator.validate(UD, manifest)).containsExactly(ASTS_TEMPLATE
                + ".spec.template.metadata.labels: do not match spec.selector (unmet: app=sample)");
    }

    @Test
    void appliesTheCloneSetRulesToItsTemplate() {
        Map<String, Object> manifest = without(valid(UD), "spec.template.advancedStatefulSetTemplate");
        with(manifest, "spec.template.cloneSetTemplate", Map.of(
                "metadata", Map.of("labels", Map.of("app", "sample")),
                "spec", Map.of(
                        "template", Map.of("metadata", Map.of("labels", Map.of("app", "sample"))),
                        "updateStrategy", Map.of("type", "InPlaceOnly", "maxSurge", 1))));

        assertThat(ManifestValidator.validate(UD, manifest)).containsExactly("spec.template.cloneSetTemplate.spec"
                + ".updateStrategy.maxSurge: not allowed with InPlaceOnly (in-place updates never create extra pods)");
    }

    @Test
    void acceptsADeploymentTemplateWhosePodsTheSelectorMatches() {
        Map<String, Object> manifest = without(valid(UD), "spec.template.advancedStatefulSetTemplate");
        with(manifest, "spec.template.deploymentTemplate", Map.of(
                "metadata", Map.of("labels", Map.of("app", "sample")),
                "spec", Map.of("template", Map.of(
                        "metadata", Map.of("labels", Map.of("app", "sample", "tier", "web")),
                        "spec", Map.of("containers", List.of(Map.of("name", "web", "image", "web:1")))))));

        assertThat(ManifestValidator.validate(UD, manifest)).isEmpty();
    }

    private static void setReplicas(Map<String, Object> manifest, int subset, String replicas) {
        String path = "spec.topology.subsets[" + subset + "].replicas";
        if (replicas == null) {
            without(manifest, path);
        } else {
            with(manifest, path, replicas.endsWith("%") ? replicas : Integer.valueOf(replicas));
        }
    }
}
