package dev.flotilla.api.kruise;

import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.regex.Pattern;

/**
 * The two ways Kruise's webhooks read an int-or-string, which are looser than {@link IntOrPercent}:
 * <ul>
 * <li>{@code util.GetScaledValueFromIntOrPercent} ({@code pkg/util/tools.go}, CloneSet partition, maxUnavailable
 * and maxSurge): any integer, or a string ending in '%' whose number is parsed as a float, so "12.5%" and "150%"
 * are accepted and scaled against the replicas;</li>
 * <li>{@code ValidatePositiveIntOrPercent} ({@code k8s.io/kubernetes/pkg/apis/apps/validation}, SidecarSet
 * partition and maxUnavailable, Advanced StatefulSet maxUnavailable): an integer of at least 0, or a string of
 * digits followed by '%'.</li>
 * </ul>
 */
final class IntOrStringRules {

    /** {@code IsValidPercent} of k8s.io/apimachinery. */
    private static final Pattern PERCENT = Pattern.compile("[0-9]+%");

    private IntOrStringRules() {
    }

    /** Kruise's scaled value, or null (with the problem recorded) when it cannot be read; null when absent. */
    static Integer scaled(String path, IntOrString value, int total, boolean roundUp, Problems problems) {
        if (value == null || value.getValue() == null) {
            return null;
        }
        if (value.getValue() instanceof Integer number) {
            return number;
        }
        String text = String.valueOf(value.getValue());
        if (!text.endsWith("%")) {
            problems.add(path, "malformed int-or-percent: \"" + text + "\" is a string that is not a percentage");
            return null;
        }
        try {
            double percent = Double.parseDouble(text.substring(0, text.length() - 1));
            if (Double.isNaN(percent) || Double.isInfinite(percent)) {
                throw new NumberFormatException(text);
            }
            double scaled = percent * total / 100;
            return (int) (roundUp ? Math.ceil(scaled) : Math.floor(scaled));
        } catch (NumberFormatException e) {
            problems.add(path, "malformed int-or-percent: \"" + text + "\" is not a number followed by '%'");
            return null;
        }
    }

    /** Records a value that is neither an integer of at least 0 nor digits followed by '%'. */
    static boolean positiveIntOrPercent(String path, IntOrString value, Problems problems) {
        if (value == null || value.getValue() == null) {
            return true;
        }
        if (value.getValue() instanceof Integer number) {
            if (number < 0) {
                problems.add(path, "must not be negative, got " + number);
                return false;
            }
            return true;
        }
        if (!PERCENT.matcher(String.valueOf(value.getValue())).matches()) {
            problems.add(path, "must be an integer or a percentage like \"5%\", got \"" + value.getValue() + "\"");
            return false;
        }
        return true;
    }

    /** The value as Kubernetes' {@code GetValueFromIntOrPercent} resolves it (a checked percentage, rounded up). */
    static int resolveUp(IntOrString value, int total) {
        if (value.getValue() instanceof Integer number) {
            return number;
        }
        String text = String.valueOf(value.getValue());
        long percent = Long.parseLong(text.substring(0, text.length() - 1));
        return (int) Math.ceil(percent * total / 100.0);
    }
}
