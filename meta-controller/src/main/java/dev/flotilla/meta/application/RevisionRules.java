package dev.flotilla.meta.application;

import dev.flotilla.api.kruise.ManifestValidator;
import dev.flotilla.meta.web.FlotillaException;
import java.util.List;
import java.util.Map;

/** What a revision's manifest must satisfy before it is accepted; the first broken rule is named. */
final class RevisionRules {

    private RevisionRules() {
    }

    static void check(Application app, Map<String, Object> manifest) {
        Object kind = manifest.get("kind");
        if (!app.kind().name().equals(kind)) {
            throw invalid("manifest kind '" + kind + "' does not match the application's kind '" + app.kind() + "'");
        }
        Object metadata = manifest.get("metadata");
        if (metadata instanceof Map<?, ?> meta && meta.get("namespace") != null && app.kind().namespaced()
                && !app.namespace().equals(meta.get("namespace"))) {
            throw invalid("manifest metadata.namespace '" + meta.get("namespace")
                    + "' differs from the application's namespace '" + app.namespace() + "'");
        }
        List<String> problems = ManifestValidator.validate(app.kind(), manifest);
        if (!problems.isEmpty()) {
            throw invalid("manifest is invalid: " + String.join("; ", problems)).with("problems", problems);
        }
    }

    private static FlotillaException invalid(String detail) {
        return FlotillaException.badInput(detail).with("field", "manifest");
    }
}
