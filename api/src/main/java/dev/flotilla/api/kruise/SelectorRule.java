package dev.flotilla.api.kruise;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A workload's selector must be well formed, non-empty and match its pod template's labels, or no pod is owned. */
final class SelectorRule {

    private SelectorRule() {
    }

    /** Checks a required selector against the labels at {@code labelsPath}. */
    static void check(String selectorPath, LabelSelector selector, String labelsPath, Map<String, String> labels,
            Problems problems) {
        if (!present(selectorPath, selector, problems)) {
            return;
        }
        List<String> unmet = new ArrayList<>();
        matchLabels(selector).forEach((key, value) -> {
            if (!value.equals(labels.get(key))) {
                unmet.add(key + "=" + value);
            }
        });
        List<LabelSelectorRequirement> expressions = matchExpressions(selector);
        for (int i = 0; i < expressions.size(); i++) {
            LabelSelectorRequirement expression = expressions.get(i);
            String expressionPath = selectorPath + ".matchExpressions[" + i + "]";
            if (expression == null) {
                problems.add(expressionPath, "must not be null");
            } else if (wellFormed(expressionPath, expression, problems) && !matches(expression, labels)) {
                unmet.add(describe(expression));
            }
        }
        if (!unmet.isEmpty()) {
            problems.add(labelsPath, "do not match " + selectorPath + " (unmet: " + String.join(", ", unmet) + ")");
        }
    }

    /** The terms of a well-formed selector that these labels do not meet, empty when it matches them. */
    static List<String> unmet(LabelSelector selector, Map<String, String> labels) {
        List<String> unmet = new ArrayList<>();
        matchLabels(selector).forEach((key, value) -> {
            if (!value.equals(labels.get(key))) {
                unmet.add(key + "=" + value);
            }
        });
        for (LabelSelectorRequirement expression : matchExpressions(selector)) {
            if (expression != null && expression.getKey() != null && expression.getOperator() != null
                    && wellFormed("", expression, new Problems()) && !matches(expression, labels)) {
                unmet.add(describe(expression));
            }
        }
        return unmet;
    }

    /** Records a missing or empty selector; true when there is one to match. */
    static boolean present(String selectorPath, LabelSelector selector, Problems problems) {
        if (selector == null) {
            problems.add(selectorPath, "required");
            return false;
        }
        if (isEmpty(selector)) {
            problems.add(selectorPath, "must not be empty: an empty selector would claim every pod in the namespace");
            return false;
        }
        return true;
    }

    static Map<String, String> labels(PodTemplateSpec template) {
        if (template == null || template.getMetadata() == null || template.getMetadata().getLabels() == null) {
            return Map.of();
        }
        return template.getMetadata().getLabels();
    }

    private static boolean isEmpty(LabelSelector selector) {
        return matchLabels(selector).isEmpty() && matchExpressions(selector).isEmpty();
    }

    private static Map<String, String> matchLabels(LabelSelector selector) {
        return selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
    }

    private static List<LabelSelectorRequirement> matchExpressions(LabelSelector selector) {
        return selector.getMatchExpressions() == null ? List.of() : selector.getMatchExpressions();
    }

    private static boolean wellFormed(String path, LabelSelectorRequirement expression, Problems problems) {
        List<String> values = expression.getValues() == null ? List.of() : expression.getValues();
        if (expression.getKey() == null || expression.getKey().isEmpty()) {
            problems.add(path + ".key", "required");
            return false;
        }
        String operator = expression.getOperator();
        switch (operator == null ? "" : operator) {
            case "In", "NotIn" -> {
                if (values.isEmpty()) {
                    problems.add(path + ".values", "must not be empty with operator " + operator);
                    return false;
                }
            }
            case "Exists", "DoesNotExist" -> {
                if (!values.isEmpty()) {
                    problems.add(path + ".values", "must be empty with operator " + operator);
                    return false;
                }
            }
            default -> {
                problems.add(path + ".operator", "unsupported value " + ManifestHeader.describe(operator)
                        + ", expected one of In, NotIn, Exists, DoesNotExist");
                return false;
            }
        }
        return true;
    }

    private static boolean matches(LabelSelectorRequirement expression, Map<String, String> labels) {
        String value = labels.get(expression.getKey());
        return switch (expression.getOperator()) {
            case "In" -> value != null && expression.getValues().contains(value);
            case "NotIn" -> value == null || !expression.getValues().contains(value);
            case "Exists" -> value != null;
            default -> value == null;
        };
    }

    private static String describe(LabelSelectorRequirement expression) {
        List<String> values = expression.getValues() == null ? List.of() : expression.getValues();
        return expression.getKey() + " " + expression.getOperator() + (values.isEmpty() ? "" : " " + values);
    }
}
