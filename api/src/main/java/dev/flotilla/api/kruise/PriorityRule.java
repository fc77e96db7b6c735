package dev.flotilla.api.kruise;

/** A priority strategy orders updates either by weights or by an ordered key, as Kruise accepts only one. */
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
                UpdatePriorityStrategy.WeightTerm term = priority.weightPriority().get(i);
                if (term == null) {
                    problems.add(path + ".weightPriority[" + i + "]", "must not be null");
                    continue;
                }
                if (term.weight() == null || term.weight() < 0 || term.weight() > 100) {
                    problems.add(path + ".weightPriority[" + i + "].weight", "must be between 0 and 100, got "
                            + term.weight());
                }
                if (term.matchSelector() == null) {
                    problems.add(path + ".weightPriority[" + i + "].matchSelector", "required");
                }
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
}
