package dev.flotilla.meta.window;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Maintenance-window arithmetic on real instants: whether a window is open, when the next one starts, and the
 * earliest moment a step of a given length can start and still finish inside one window.
 * <p>
 * Durations are elapsed time: on a daylight-saving change a 4h window lasts four real hours, so its local end
 * moves by the hour. A start time the change skips (02:30 on a spring-forward night) opens when the clocks
 * resume (03:30); one it repeats opens at its first occurrence. Occurrences that touch or overlap form one window.
 */
@Component
public class MaintenanceWindows {

    /** A window occurrence: open from {@code start} (inclusive) to {@code end} (exclusive). */
    public record Interval(Instant start, Instant end) {
        boolean contains(Instant at) {
            return !at.isBefore(start) && at.isBefore(end);
        }
    }

    // the pattern repeats weekly; two weeks plus the longest window sees every start and merge there is
    private static final int HORIZON_DAYS = 15;

    private final Clock clock;

    public MaintenanceWindows(Clock clock) {
        this.clock = clock;
    }

    Clock clock() {
        return clock;
    }

    public boolean isOpen(MaintenanceWindow window, Instant at) {
        return intervals(window, at).stream().anyMatch(i -> i.contains(at));
    }

    public boolean isOpenNow(MaintenanceWindow window) {
        return isOpen(window, clock.instant());
    }

    /** The start of the first window opening at or after {@code from}; an open window's own start is behind it. */
    public Optional<Instant> nextStart(MaintenanceWindow window, Instant from) {
        return intervals(window, from).stream().map(Interval::start).filter(s -> !s.isBefore(from)).findFirst();
    }

    /**
     * The earliest instant at or after {@code from} at which a step of length {@code step} starts and ends inside
     * one window; empty when no window is long enough. Never start a step that cannot finish in its window.
     */
    public Optional<Instant> earliestStart(MaintenanceWindow window, Instant from, Duration step) {
        for (Interval interval : intervals(window, from)) {
            Instant start = interval.start().isBefore(from) ? from : interval.start();
            if (!start.plus(step).isAfter(interval.end())) {
                return Optional.of(start);
            }
        }
        return Optional.empty();
    }

    public Optional<Instant> earliestStartFromNow(MaintenanceWindow window, Duration step) {
        return earliestStart(window, clock.instant(), step);
    }

    /** Merged occurrences from a week before {@code around} (one may still be open) to two weeks after. */
    List<Interval> intervals(MaintenanceWindow window, Instant around) {
        LocalDate first = around.atZone(window.timeZone()).toLocalDate().minusDays(8);
        List<Interval> merged = new ArrayList<>();
        for (int d = 0; d <= HORIZON_DAYS + 8; d++) {
            LocalDate date = first.plusDays(d);
            if (!window.days().contains(date.getDayOfWeek())) {
                continue;
            }
            // ZonedDateTime.of moves a skipped local time forward by the gap and takes the earlier of a repeated one
            Instant start = ZonedDateTime.of(date, window.start(), window.timeZone()).toInstant();
            Instant end = start.plus(window.duration());
            Interval last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && !start.isAfter(last.end())) {
                merged.set(merged.size() - 1, new Interval(last.start(), end.isAfter(last.end()) ? end : last.end()));
            } else {
                merged.add(new Interval(start, end));
            }
        }
        return merged;
    }
}
