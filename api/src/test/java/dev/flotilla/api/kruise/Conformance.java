package dev.flotilla.api.kruise;

import static dev.flotilla.api.kruise.Manifests.valid;
import static dev.flotilla.api.kruise.Manifests.with;
import static dev.flotilla.api.kruise.Manifests.without;

import dev.flotilla.api.agent.WorkloadKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.provider.Arguments;

/**
 * One case of a conformance suite: a valid manifest of the kind with fields changed, and what the upstream webhook
 * says of it (accepted: no problems; refused: these problems). Named after the upstream rule it mirrors.
 */
final class Conformance {

    /** A value that removes the field instead of setting it. */
    static final Object REMOVED = new Object();

    private Conformance() {
    }

    static Arguments accepts(String rule, WorkloadKind kind, Object... pathsAndValues) {
        return Arguments.of(rule, manifest(kind, pathsAndValues), List.of());
    }

    static Arguments refuses(String rule, WorkloadKind kind, List<String> problems, Object... pathsAndValues) {
        return Arguments.of(rule, manifest(kind, pathsAndValues), problems);
    }

    static Arguments refuses(String rule, WorkloadKind kind, String problem, Object... pathsAndValues) {
        return refuses(rule, kind, List.of(problem), pathsAndValues);
    }

    static Map<String, Object> manifest(WorkloadKind kind, Object... pathsAndValues) {
        Map<String, Object> manifest = valid(kind);
        for (int i = 0; i < pathsAndValues.length; i += 2) {
            String path = (String) pathsAndValues[i];
            Object value = pathsAndValues[i + 1];
            if (value == REMOVED) {
                without(manifest, path);
            } else {
                with(manifest, path, value);
            }
        }
        return manifest;
    }
}
