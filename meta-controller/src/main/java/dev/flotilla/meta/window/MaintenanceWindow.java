package dev.flotilla.meta.window;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;

/**
 * When a cluster may be disrupted: every listed weekday from {@code start} (local time in {@code timeZone}) for
 * {@code duration} of elapsed time. A window may run past midnight (MON 22:00 for 4h covers TUE until 02:00).
 */
public record MaintenanceWindow(Set<DayOfWeek> days, LocalTime start, Duration duration, ZoneId timeZone) {

    public static final Duration LONGEST = Duration.ofDays(7);

    public MaintenanceWindow {
        if (days == null || days.isEmpty()) {
            throw new IllegalArgumentException("days must name at least one weekday");
        }
        if (duration == null || duration.isNegative() || duration.isZero() || duration.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("duration must be more than 0 and at most 7 days");
        }
        days = Set.copyOf(EnumSet.copyOf(days));
    }
}
