package dev.flotilla.meta.wave;

import dev.flotilla.meta.web.FlotillaException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A count or a percent of a whole, as operators write them: {@code 3} or {@code "25%"}.
 *
 * @param value the count, or the percent (1 to 100)
 */
public record Amount(int value, boolean percent) {

    private static final Pattern FORM = Pattern.compile("(\\d{1,9})(%?)");

    /** Parses a JSON number or string; anything else is a bad-input problem naming the field. */
    public static Amount parse(String field, Object raw) {
        String text = raw == null ? "" : String.valueOf(raw).strip();
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw FlotillaException.badInput("field '" + field + "' must be a count or a percent like '25%' (was '"
                    + raw + "')").with("field", field);
        }
        int value = Integer.parseInt(m.group(1));
        boolean percent = !m.group(2).isEmpty();
        if (percent && (value < 1 || value > 100)) {
            throw FlotillaException.badInput("field '" + field + "' must be a percent from 1% to 100% (was '"
                    + raw + "')").with("field", field);
        }
        return new Amount(value, percent);
    }

    public static Amount count(int value) {
        return new Amount(value, false);
    }

    /** This amount of {@code total}; a percent rounds up, so a non-zero percent of a non-empty whole is at least 1. */
    public int ceilOf(int total) {
        return percent ? (int) ((long) total * value / 100 + ((long) total * value % 100 == 0 ? 0 : 1)) : value;
    }

    /** This amount of {@code total}; a percent rounds down (a failure budget never grows by rounding). */
    public int floorOf(int total) {
        return percent ? (int) ((long) total * value / 100) : value;
    }

    @Override
    public String toString() {
        return value + (percent ? "%" : "");
    }
}
