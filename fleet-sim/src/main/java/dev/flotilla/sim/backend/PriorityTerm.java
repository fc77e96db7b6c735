package dev.flotilla.sim.backend;

import dev.flotilla.agent.backend.FieldPaths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One {@code priorityStrategy.weightPriority} entry: pods whose labels hold every {@code matchLabels} pair weigh
 * {@code weight} more; heavier pods are updated first.
 */
record PriorityTerm(int weight, Map<String, Object> matchLabels) {

    /** The terms of a {@code priorityStrategy} object (absent or {@code orderPriority}-only: none). */
    static List<PriorityTerm> of(Map<String, Object> priorityStrategy) {
        List<PriorityTerm> terms = new ArrayList<>();
        for (Object entry : KruiseModel.list(priorityStrategy, "weightPriority")) {
            if (entry instanceof Map<?, ?> raw) {
                @SuppressWarnings("unchecked")
                Map<String, Object> term = (Map<String, Object>) raw;
                terms.add(new PriorityTerm(FieldPaths.integer(term, "weight", 0),
                        FieldPaths.map(term, "matchSelector.matchLabels")));
            }
        }
        return List.copyOf(terms);
    }

    /** The summed weight of the terms a pod's labels match. */
    static int weigh(List<PriorityTerm> terms, Map<String, String> labels) {
        int weight = 0;
        for (PriorityTerm term : terms) {
            if (!term.matchLabels().isEmpty() && term.matchLabels().entrySet().stream()
                    .allMatch(e -> String.valueOf(e.getValue()).equals(labels.get(e.getKey())))) {
                weight += term.weight();
            }
        }
        return weight;
    }
}
