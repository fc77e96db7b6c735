package dev.flotilla.meta.window;

import dev.flotilla.meta.web.FlotillaException;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Turns the portal's maintenance-window fields into a {@link MaintenanceWindow}, naming the field it rejects. */
final class MaintenanceWindowInput {

    static final List<String> DAY_NAMES = List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN");
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    private MaintenanceWindowInput() {
    }

    static MaintenanceWindow parse(List<String> days, String start, String duration, String timeZone) {
        return new MaintenanceWindow(days(days), start(start), duration(duration), zone(timeZone));
    }

    static Set<DayOfWeek> days(List<String> days) {
        if (days == null || days.isEmpty()) {
            throw bad("days", "must name at least one weekday (MON..SUN)");
        }
        Set<DayOfWeek> parsed = EnumSet.noneOf(DayOfWeek.class);
        for (String day : days) {
            int index = day == null ? -1 : DAY_NAMES.indexOf(day.strip().toUpperCase(Locale.ROOT));
            if (index < 0) {
                throw bad("days", "'" + day + "' is not a weekday; use MON, TUE, WED, THU, FRI, SAT or SUN");
            }
            parsed.add(DayOfWeek.of(index + 1));
        }
        return parsed;
    }

    static LocalTime start(String start) {
        try {
            return LocalTime.parse(start == null ? "" : start.strip(), HH_MM);
        } catch (DateTimeParseException e) {
            throw bad("start", "'" + start + "' is not a time of day like 22:00");
        }
    }

    /** An ISO-8601 duration ({@code PT4H}) or a whole number of minutes. */
    static Duration duration(String duration) {
        Duration parsed;
        try {
            String text = duration == null ? "" : duration.strip();
            parsed = text.matches("\\d{1,6}") ? Duration.ofMinutes(Long.parseLong(text)) : Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw bad("duration", "'" + duration + "' is neither an ISO-8601 duration like PT4H nor minutes");
        }
        if (parsed.isZero() || parsed.isNegative() || parsed.compareTo(MaintenanceWindow.LONGEST) > 0) {
            throw bad("duration", "must be more than 0 and at most 7 days, got " + duration);
        }
        return parsed;
    }

    static ZoneId zone(String timeZone) {
        try {
            return ZoneId.of(timeZone == null ? "" : timeZone.strip());
        } catch (DateTimeException e) {
            throw bad("timeZone", "'" + timeZone + "' is not a known time zone id like Europe/Berlin");
        }
    }

    private static FlotillaException bad(String field, String why) {
        return FlotillaException.badInput("field '" + field + "' " + why).with("field", field);
    }
}
