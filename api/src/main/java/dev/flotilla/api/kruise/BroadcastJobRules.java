package dev.flotilla.api.kruise;

import java.util.Set;

/** The rules a BroadcastJob must meet. */
final class BroadcastJobRules {

    private static final Set<String> COMPLETION_TYPES = Set.of("Always", "Never");
    private static final Set<String> FAILURE_TYPES = Set.of("Continue", "FailFast", "Pause");

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
        }
        problems.intOrPercent("spec.parallelism", spec.parallelism());
        BroadcastJobSpec.CompletionPolicy completion = spec.completionPolicy();
        if (completion != null) {
            problems.oneOf("spec.completionPolicy.type", completion.type(), COMPLETION_TYPES);
            problems.nonNegative("spec.completionPolicy.activeDeadlineSeconds", completion.activeDeadlineSeconds());
            problems.nonNegative("spec.completionPolicy.ttlSecondsAfterFinished",
                    completion.ttlSecondsAfterFinished());
            // A Never job never finishes, so deadlines and TTLs would never apply.
            if ("Never".equals(completion.type()) && completion.ttlSecondsAfterFinished() != null) {
                problems.add("spec.completionPolicy.ttlSecondsAfterFinished", "only allowed with type Always");
            }
            if ("Never".equals(completion.type()) && completion.activeDeadlineSeconds() != null) {
                problems.add("spec.completionPolicy.activeDeadlineSeconds", "only allowed with type Always");
            }
        }
        if (spec.failurePolicy() != null) {
            problems.oneOf("spec.failurePolicy.type", spec.failurePolicy().type(), FAILURE_TYPES);
            problems.nonNegative("spec.failurePolicy.restartLimit", spec.failurePolicy().restartLimit());
        }
    }
}
