package dev.flotilla.api.kruise;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.Map;

/**
 * The rules of Kruise's BroadcastJob webhook ({@code pkg/webhook/broadcastjob/validating/
 * broadcastjob_create_update_handler.go}): pods that end (restartPolicy Never or OnFailure), no preset controller
 * labels, and no deadline or TTL for a job that never completes. Policy types are not checked upstream (an unknown
 * one is kept as written), so they are not checked here either.
 */
final class BroadcastJobRules {

    /** {@code broadcastjob.JobNameLabelKey} and {@code ControllerUIDLabelKey}: the controller's own pod labels. */
    private static final String[] RESERVED_LABELS = {"broadcastjob-name", "broadcastjob-controller-uid"};

    private BroadcastJobRules() {
    }

    static void check(BroadcastJob job, Problems problems) {
        BroadcastJobSpec spec = job.getSpec();
        if (spec == null) {
            problems.add("spec", "required");
            return;
        }
        if (spec.template() == null) {
            problems.add("spec.template", "required");
        } else {
            checkTemplate(spec.template(), problems);
        }
        // Not checked by the webhook; the controller scales it with GetScaledValueFromIntOrPercent, so "150%" works
        // but a string it cannot read would leave the job without pods.
        IntOrStringRules.positiveIntOrPercent("spec.parallelism", spec.parallelism(), problems);
        BroadcastJobSpec.CompletionPolicy completion = spec.completionPolicy();
        if (completion != null && "Never".equals(completion.type())) {
            // A Never job never finishes, so deadlines and TTLs would never apply.
            if (completion.ttlSecondsAfterFinished() != null) {
                problems.add("spec.completionPolicy.ttlSecondsAfterFinished", "only allowed with type Always");
            }
            if (completion.activeDeadlineSeconds() != null) {
                problems.add("spec.completionPolicy.activeDeadlineSeconds", "only allowed with type Always");
            }
        }
    }

    private static void checkTemplate(PodTemplateSpec template, Problems problems) {
        String restartPolicy = template.getSpec() == null ? null : template.getSpec().getRestartPolicy();
        if (!"Never".equals(restartPolicy) && !"OnFailure".equals(restartPolicy)) {
            problems.add("spec.template.spec.restartPolicy", "must be Never or OnFailure, got "
                    + ManifestHeader.describe(restartPolicy) + " (the default Always would never end a job pod)");
        }
        Map<String, String> labels = SelectorRule.labels(template);
        for (String reserved : RESERVED_LABELS) {
            String value = labels.get(reserved);
            if (value != null && !value.isEmpty()) {
                problems.add("spec.template.metadata.labels", "\"" + reserved + "\" is set by the BroadcastJob "
                        + "controller and may not be preset");
            }
        }
    }
}
