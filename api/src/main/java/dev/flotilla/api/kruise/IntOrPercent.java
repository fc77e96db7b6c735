package dev.flotilla.api.kruise;

import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.regex.Pattern;

/**
 * A parsed Kruise int-or-percent value (a non-negative integer or a whole percentage from 0% to 100%) and the
 * rounding rules Kruise applies when it resolves one against a replica count.
 *
 * @param value the integer, or the percentage without its sign
 * @param percent whether {@code value} is a percentage
 */
public record IntOrPercent(int value, boolean percent) {

    private static final Pattern PERCENT = Pattern.compile("(\\d{1,9})%");
    private static final Pattern INTEGER = Pattern.compile("-?\\d{1,9}");
    private static final IntOrPercent CLONESET_DEFAULT_MAX_UNAVAILABLE = new IntOrPercent(20, true);
    private static final IntOrPercent STATEFULSET_DEFAULT_MAX_UNAVAILABLE = new IntOrPercent(1, false);

    public IntOrPercent {
        if (value < 0) {
            throw new IllegalArgumentException(value + " must not be negative");
        }
        if (percent && value > 100) {
            throw new IllegalArgumentException("\"" + value + "%\" must be between 0% and 100%");
        }
    }

    /** Parses an IntOrString; {@code null} gives {@code null}. */
    public static IntOrPercent parse(IntOrString value) {
        return value == null ? null : parse(value.getValue());
    }

    /**
     * Parses a raw JSON value: an integer, or a string holding a whole percentage such as {@code "20%"}.
     *
     * @throws IllegalArgumentException naming the value and what is wrong with it
     */
    public static IntOrPercent parse(Object raw) {
        if (raw == null) {
            return null;
        }
        if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
            long number = ((Number) raw).longValue();
            if (number > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(number + " is too large");
            }
            return new IntOrPercent((int) number, false);
        }
        if (raw instanceof String text) {
            return parseText(text);
        }
        throw new IllegalArgumentException(raw + " is not an integer or a percentage like \"20%\"");
    }

    /**
     * Reads a value as an agent finds it on a live object or in a work item: an {@link IntOrString}, an integer,
     * or a string that is a whole percentage ({@code "20%"}) or, as in a {@code ClusterStrategy} batch partition,
     * a plain integer ({@code "3"}); surrounding blanks are ignored. {@code null} gives {@code null}.
     *
     * @throws IllegalArgumentException naming the value and what is wrong with it
     */
    public static IntOrPercent lenient(Object raw) {
        if (raw instanceof IntOrString wrapped) {
            return lenient(wrapped.getValue());
        }
        if (raw instanceof String text) {
            String trimmed = text.trim();
            if (INTEGER.matcher(trimmed).matches()) {
                return new IntOrPercent(Integer.parseInt(trimmed), false);
            }
            return parseText(trimmed);
        }
        return parse(raw);
    }

    /**
     * Resolves a value read {@linkplain #lenient(Object) leniently} against {@code total}, a percentage rounded up or
     * down as the field's rule says; an absent value gives {@code fallback}.
     */
    public static int resolve(Object raw, int total, boolean roundUp, int fallback) {
        IntOrPercent parsed = lenient(raw);
        return parsed == null ? fallback : parsed.resolve(total, roundUp);
    }

    /**
     * {@link #cloneSetPartition(IntOrString, int)} for a value read {@linkplain #lenient(Object) leniently}: the
     * pods a partition keeps at the old revision, within [0, replicas].
     */
    public static int partition(Object raw, int replicas) {
        return partitionPods(lenient(raw), replicas);
    }

    private static IntOrPercent parseText(String text) {
        var percentMatch = PERCENT.matcher(text);
        if (percentMatch.matches()) {
            return new IntOrPercent(Integer.parseInt(percentMatch.group(1)), true);
        }
        if (text.startsWith("-") && text.endsWith("%")) {
            throw new IllegalArgumentException("\"" + text + "\" must not be negative");
        }
        if (INTEGER.matcher(text).matches()) {
            // Kruise reads a string only as a percentage: "5" is an error there, not the number 5.
            throw new IllegalArgumentException(
                    "\"" + text + "\" is a string without '%': write " + text + " as a number or add '%'");
        }
        throw new IllegalArgumentException("\"" + text + "\" is not an integer or a whole percentage like \"20%\"");
    }

    /** Resolves against {@code total}: an integer as is, a percentage of total rounded up or down. */
    public int resolve(int total, boolean roundUp) {
        if (!percent) {
            return value;
        }
        long scaled = (long) total * value;
        return (int) (roundUp ? (scaled + 99) / 100 : scaled / 100);
    }

    /** Resolves a percentage of total to the nearest integer, halves up, as UnitedDeployment sizes its subsets. */
    public int resolveRounded(int total) {
        return percent ? (int) Math.round(total * value / 100.0) : value;
    }

    /** Whether this is zero, as an integer or as a percentage. */
    public boolean isZero() {
        return value == 0;
    }

    /**
     * The CloneSet partition in pods: a percent rounds up, but a percent below 100% with more than one replica still
     * leaves at least one pod to update; the result lies within [0, replicas]. Null partition means 0.
     */
    public static int cloneSetPartition(IntOrString partition, int replicas) {
        return partitionPods(parse(partition), replicas);
    }

    private static int partitionPods(IntOrPercent parsed, int replicas) {
        if (parsed == null) {
            return 0;
        }
        int pods = parsed.resolve(replicas, true);
        if (parsed.percent && parsed.value < 100 && replicas > 1 && pods >= replicas) {
            pods = replicas - 1;
        }
        return Math.max(0, Math.min(pods, replicas));
    }

    /** The CloneSet maxSurge in pods: a percent rounds up; a paused CloneSet surges nothing. Null means 0. */
    public static int cloneSetMaxSurge(IntOrString maxSurge, int replicas, boolean paused) {
        IntOrPercent parsed = parse(maxSurge);
        return parsed == null || paused ? 0 : parsed.resolve(replicas, true);
    }

    /**
     * The CloneSet maxUnavailable in pods (default 20%): a percent rounds up when the resolved maxSurge is 0 and
     * down otherwise, so a surge never adds to the unavailability budget.
     */
    public static int cloneSetMaxUnavailable(IntOrString maxUnavailable, int resolvedMaxSurge, int replicas) {
        IntOrPercent parsed = parse(maxUnavailable);
        IntOrPercent effective = parsed == null ? CLONESET_DEFAULT_MAX_UNAVAILABLE : parsed;
        return effective.resolve(replicas, resolvedMaxSurge == 0);
    }

    /** The Advanced StatefulSet maxUnavailable in pods (default 1): a percent rounds down, but never below 1. */
    public static int statefulSetMaxUnavailable(IntOrString maxUnavailable, int replicas) {
        IntOrPercent parsed = parse(maxUnavailable);
        IntOrPercent effective = parsed == null ? STATEFULSET_DEFAULT_MAX_UNAVAILABLE : parsed;
        return Math.max(1, effective.resolve(replicas, false));
    }

    /** A UnitedDeployment subset's replicas: a percent of the UnitedDeployment's replicas, rounded half up. */
    public static int subsetReplicas(IntOrString replicas, int unitedDeploymentReplicas) {
        IntOrPercent parsed = parse(replicas);
        return parsed == null ? 0 : parsed.resolveRounded(unitedDeploymentReplicas);
    }

    @Override
    public String toString() {
        return percent ? value + "%" : Integer.toString(value);
    }
}
