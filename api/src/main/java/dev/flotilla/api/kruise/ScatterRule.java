package dev.flotilla.api.kruise;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** {@code UpdateScatterStrategy.FieldsValidation} ({@code apis/apps/v1alpha1/scatter_strategy.go}). */
final class ScatterRule {

    private ScatterRule() {
    }

    static void check(String path, List<UpdateScatterTerm> terms, Problems problems) {
        if (terms == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < terms.size(); i++) {
            UpdateScatterTerm term = terms.get(i);
            String key = term == null ? null : term.key();
            if (key == null || key.isEmpty()) {
                problems.add(path + "[" + i + "].key", "required");
            } else if (!seen.add(key + ":" + term.value())) {
                problems.add(path + "[" + i + "]", "duplicated key=" + key + " value=" + term.value());
            }
        }
    }
}
