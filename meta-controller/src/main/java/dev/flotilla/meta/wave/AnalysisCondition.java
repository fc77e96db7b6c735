package dev.flotilla.meta.wave;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoublePredicate;

/**
 * A condition on a measured value, e.g. {@code result < 0.01} or {@code result >= 0.99 && result <= 1}: comparisons
 * ({@code < <= > >= == !=}) of {@code result} with numbers, joined by {@code &&} and {@code ||} and grouped with
 * parentheses. Parsed once when the campaign is created, so a mistake is a 400 then, never a failed wave later.
 */
public final class AnalysisCondition {

    private final String text;
    private final DoublePredicate test;

    private AnalysisCondition(String text, DoublePredicate test) {
        this.text = text;
        this.test = test;
    }

    /** Parses {@code text}; an {@link IllegalArgumentException} says what is wrong and where. */
    public static AnalysisCondition parse(String text) {
        Parser parser = new Parser(tokens(text), text);
        DoublePredicate test = parser.or();
        if (parser.position < parser.tokens.size()) {
            throw new IllegalArgumentException("unexpected '" + parser.tokens.get(parser.position) + "' in '" + text
                    + "'");
        }
        return new AnalysisCondition(text, test);
    }

    public boolean test(double result) {
        return test.test(result);
    }

    @Override
    public String toString() {
        return text;
    }

    private static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char ch = text.charAt(i);
            if (Character.isWhitespace(ch)) {
                i++;
            } else if (ch == '(' || ch == ')') {
                tokens.add(String.valueOf(ch));
                i++;
            } else if ("<>=!&|".indexOf(ch) >= 0) {
                int end = i + 1;
                while (end < text.length() && "<>=!&|".indexOf(text.charAt(end)) >= 0) {
                    end++;
                }
                tokens.add(text.substring(i, end));
                i = end;
            } else {
                int end = i;
                while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end))
                        || ".-+_".indexOf(text.charAt(end)) >= 0)) {
                    end++;
                }
                if (end == i) {
                    throw new IllegalArgumentException("unexpected '" + ch + "' in '" + text + "'");
                }
                tokens.add(text.substring(i, end));
                i = end;
            }
        }
        return tokens;
    }

    private static final class Parser {
        private final List<String> tokens;
        private final String text;
        private int position;

        Parser(List<String> tokens, String text) {
            this.tokens = tokens;
            this.text = text;
        }

        DoublePredicate or() {
            DoublePredicate left = and();
            while (accept("||")) {
                DoublePredicate a = left;
                DoublePredicate b = and();
                left = v -> a.test(v) || b.test(v);
            }
            return left;
        }

        DoublePredicate and() {
            DoublePredicate left = comparison();
            while (accept("&&")) {
                DoublePredicate a = left;
                DoublePredicate b = comparison();
                left = v -> a.test(v) && b.test(v);
            }
            return left;
        }

        DoublePredicate comparison() {
            if (accept("(")) {
                DoublePredicate inner = or();
                if (!accept(")")) {
                    throw new IllegalArgumentException("a ')' is missing in '" + text + "'");
                }
                return inner;
            }
            Operand left = operand();
            String op = next("a comparison (< <= > >= == !=)");
            Operand right = operand();
            if (!left.result() && !right.result()) {
                throw new IllegalArgumentException("'" + left.text() + " " + op + " " + right.text()
                        + "' does not compare 'result'");
            }
            return switch (op) {
                case "<" -> v -> left.of(v) < right.of(v);
                case "<=" -> v -> left.of(v) <= right.of(v);
                case ">" -> v -> left.of(v) > right.of(v);
                case ">=" -> v -> left.of(v) >= right.of(v);
                case "==" -> v -> left.of(v) == right.of(v);
                case "!=" -> v -> left.of(v) != right.of(v);
                default -> throw new IllegalArgumentException("'" + op + "' is not a comparison in '" + text
                        + "'; use < <= > >= == !=");
            };
        }

        Operand operand() {
            String token = next("'result' or a number");
            if (token.equals("result")) {
                return new Operand(token, true, 0);
            }
            try {
                double value = Double.parseDouble(token);
                if (!Double.isFinite(value) || !token.matches("[-+]?[0-9.]+([eE][-+]?[0-9]+)?")) {
                    throw new NumberFormatException(token);
                }
                return new Operand(token, false, value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + token + "' is neither 'result' nor a number in '" + text
                        + "'");
            }
        }

        private boolean accept(String token) {
            if (position < tokens.size() && tokens.get(position).equals(token)) {
                position++;
                return true;
            }
            return false;
        }

        private String next(String expected) {
            if (position >= tokens.size()) {
                throw new IllegalArgumentException("'" + text + "' ends where " + expected + " was expected");
            }
            return tokens.get(position++);
        }
    }

    private record Operand(String text, boolean result, double constant) {
        double of(double value) {
            return result ? value : constant;
        }
    }
}
