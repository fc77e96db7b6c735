package dev.flotilla.api.kruise;

import io.fabric8.kubernetes.api.model.LabelSelector;

/**
 * {@code UpdatePriorityStrategy.FieldsValidation} ({@code apis/apps/pub/update_priority.go}): weights or ordered
 * keys, not both; a weight (0 when left out) within 0..100 and a selector that is not empty; a non-empty key.
 */
final class PriorityRule {

    private PriorityRule() {
    }

    static void check(String path, UpdatePriorityStrategy priority, Problems problems) {
        if (priority == null) {
            return;
        }
        boolean weights = priority.weightPriority() != null && !priority.weightPriority().isEmpty();
        boolean orders = priority.orderPriority() != null && !priority.orderPriority().isEmpty();
        if (weights && orders) {
            problems.add(path, "weightPriority and orderPriority are mutually exclusive");
        }
        if (weights) {
            for (int i = 0; i < priority.weightPriority().size(); i++) {
                checkWeight(path + ".weightPriority[" + i + "]", priority.weightPriority().get(i), problems);
            }
        }
        if (orders) {
            for (int i = 0; i < priority.orderPriority().size(); i++) {
                UpdatePriorityStrategy.OrderTerm term = priority.orderPriority().get(i);
                String key = term == null ? null : term.orderedKey();
                if (key == null || key.isEmpty()) {
                    problems.add(path + ".orderPriority[" + i + "].orderedKey", "required");
                }
            }
        }
    }

    private static void checkWeight(String at, UpdatePriorityStrategy.WeightTerm term, Problems problems) {
        if (term == null) {
            problems.add(at, "must not be null");
            return;
        }
        int weight = term.weight() == null ? 0 : term.weight();
        if (weight < 0 || weight > 100) {
            problems.add(at + ".weight", "must be between 0 and 100, got " + weight);
        }
        LabelSelector selector = term.matchSelector();
        boolean empty = selector == null || (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
                && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty());
        if (empty) {
            problems.add(at + ".matchSelector", "must not be empty");
        }
    }
}
