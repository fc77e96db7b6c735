package dev.flotilla.api.kruise;

import dev.flotilla.api.agent.WorkloadKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Checks a Kruise workload manifest against its kind's rules; answers the problems found, empty when valid. */
public final class ManifestValidator {

    private ManifestValidator() {
    }

    public static List<String> validate(WorkloadKind kind, Map<String, Object> manifest) {
        List<String> problems = new ArrayList<>();
        if (manifest == null) {
            problems.add("manifest is required");
            return problems;
        }
        if (!kind.apiVersion().equals(manifest.get("apiVersion"))) {
            problems.add("apiVersion must be '" + kind.apiVersion() + "' for kind " + kind.name()
                    + " (was '" + manifest.get("apiVersion") + "')");
        }
        if (!kind.name().equals(manifest.get("kind"))) {
            problems.add("kind must be '" + kind.name() + "' (was '" + manifest.get("kind") + "')");
        }
        Object metadata = manifest.get("metadata");
        Object name = metadata instanceof Map<?, ?> m ? m.get("name") : null;
        if (!(name instanceof String s) || s.isBlank()) {
            problems.add("metadata.name is required");
        }
        return problems;
    }
}
