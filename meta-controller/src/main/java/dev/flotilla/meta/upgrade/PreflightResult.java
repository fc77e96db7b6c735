package dev.flotilla.meta.upgrade;

import java.util.List;

/** The outcome of an upgrade's preflight: passed (perhaps with warnings) or failed for named reasons. */
public sealed interface PreflightResult {

    /** Nothing stands in the way; warnings say what was accepted anyway (a deprecated target, a forced check). */
    record Passed(List<String> warnings) implements PreflightResult {
        public Passed {
            warnings = List.copyOf(warnings);
        }
    }

    /** At least one check refused the upgrade. */
    record Failed(List<Refusal> refusals, List<String> warnings) implements PreflightResult {
        public Failed {
            refusals = List.copyOf(refusals);
            warnings = List.copyOf(warnings);
        }
    }

    /** The stored and served form: stable reason codes with their details. */
    record Report(boolean passed, List<Reason> refusals, List<String> warnings) {
    }

    /** One refusal as served. */
    record Reason(String reason, String detail) {
    }

    default Report report() {
        // release 17: no pattern switch over the sealed type
        if (this instanceof Failed f) {
            return new Report(false,
                    f.refusals().stream().map(r -> new Reason(r.reason(), r.detail())).toList(), f.warnings());
        }
        return new Report(true, List.of(), ((Passed) this).warnings());
    }
}
