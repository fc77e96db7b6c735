package dev.flotilla.agent.backend;

/** Kruise's int-or-percent fields ({@code partition}, {@code maxUnavailable}, {@code maxSurge}) resolved to counts. */
public final class IntOrPercent {

    private IntOrPercent() {
    }

    /** Resolves {@code value} against {@code total}; a percent rounds up or down as the field's rule says. */
    public static int resolve(Object value, int total, boolean roundUp, int fallback) {
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number n) {
            return n.intValue();
        }
        String text = value.toString().trim();
        if (text.endsWith("%")) {
            double percent = Double.parseDouble(text.substring(0, text.length() - 1));
            double exact = total * percent / 100.0;
            return (int) (roundUp ? Math.ceil(exact) : Math.floor(exact));
        }
        return Integer.parseInt(text);
    }

    /**
     * A partition (pods kept at the old revision): a percent rounds up, but below 100% with more than one replica
     * at least one pod is updated (Kruise #954).
     */
    public static int partition(Object value, int replicas) {
        int resolved = resolve(value, replicas, true, 0);
        boolean percentBelowAll = value instanceof String s && s.trim().endsWith("%") && resolved >= replicas
                && Double.parseDouble(s.trim().replace("%", "")) < 100 && replicas > 1;
        if (percentBelowAll) {
            return replicas - 1;
        }
        return Math.max(0, resolved);
    }
}
