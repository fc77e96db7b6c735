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

/** OpenKruise v1.9.0 {@code pkg/webhook/broadcastjob/validating/broadcastjob_create_update_handler.go}. */
class BroadcastJobWebhookConformanceTest {

    private static final WorkloadKind JOB = WorkloadKind.BroadcastJob;

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void broadcastJobWebhook(String rule, Map<String, Object> manifest, List<String> problems) {
        assertThat(ManifestValidator.validate(JOB, manifest)).containsExactlyElementsOf(problems);
    }

    static Stream<Arguments> broadcastJobWebhook() {
        return Stream.of(
                refuses("validateBroadcastJobName alphanumeric characters or '-'", JOB, "metadata.name: \"warm.cache\""
                        + " is not a DNS-1123 label, as a BroadcastJob name must be (lowercase letters, digits and "
                        + "'-', starting and ending with a letter or digit, at most 63 characters)", "metadata.name",
                        "warm.cache"),
                accepts("pod restartPolicy OnFailure", JOB, "spec.template.spec.restartPolicy", "OnFailure"),
                refuses("pod restartPolicy can only be Never or OnFailure", JOB, "spec.template.spec.restartPolicy: "
                        + "must be Never or OnFailure, got \"Always\" (the default Always would never end a job pod)",
                        "spec.template.spec.restartPolicy", "Always"),
                refuses("pod restartPolicy left out defaults to Always", JOB, "spec.template.spec.restartPolicy: "
                        + "must be Never or OnFailure, got nothing (the default Always would never end a job pod)",
                        "spec.template.spec.restartPolicy", REMOVED),
                refuses("broadcastjob-name is not allowed to preset in pod labels", JOB, "spec.template.metadata"
                        + ".labels: \"broadcastjob-name\" is set by the BroadcastJob controller and may not be preset",
                        "spec.template.metadata", Map.of("labels", Map.of("broadcastjob-name", "x"))),
                refuses("ttlSecondsAfterFinished can just work with Always CompletionPolicyType", JOB,
                        "spec.completionPolicy.ttlSecondsAfterFinished: only allowed with type Always",
                        "spec.completionPolicy.type", "Never"),
                refuses("activeDeadlineSeconds can just work with Always CompletionPolicyType", JOB,
                        "spec.completionPolicy.activeDeadlineSeconds: only allowed with type Always",
                        "spec.completionPolicy", Map.of("type", "Never", "activeDeadlineSeconds", 60)),
                accepts("parallelism above 100% is scaled by the controller", JOB, "spec.parallelism", "150%"),
                refuses("parallelism the controller cannot read", JOB, "spec.parallelism: must be an integer or a "
                        + "percentage like \"5%\", got \"half\"", "spec.parallelism", "half"),
                accepts("completionPolicy type is not checked", JOB, "spec.completionPolicy.type", "Sometimes"),
                accepts("failurePolicy type is not checked", JOB, "spec.failurePolicy.type", "Retry"),
                accepts("apiVersion v1beta1 is served and converted", JOB, "apiVersion", "apps.kruise.io/v1beta1"));
    }
}
