package dev.flotilla.meta.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MaintenanceWindowsTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    /** Monday 22:00 in Berlin for four hours: into Tuesday until 02:00. 2025-03-31 is a Monday in CEST (+02). */
    private static final MaintenanceWindow MONDAY_NIGHT =
            new MaintenanceWindow(Set.of(DayOfWeek.MONDAY), LocalTime.of(22, 0), Duration.ofHours(4), BERLIN);

    private final MaintenanceWindows windows = new MaintenanceWindows(Clock.fixed(berlin("2025-03-31T23:00"), BERLIN));

    @Test
    void aWindowAcrossMidnightCoversTheNextMorning() {
        assertThat(windows.isOpen(MONDAY_NIGHT, berlin("2025-03-31T21:59"))).isFalse();
        assertThat(windows.isOpen(MONDAY_NIGHT, berlin("2025-03-31T22:00"))).isTrue();
        assertThat(windows.isOpen(MONDAY_NIGHT, berlin("2025-04-01T01:59"))).isTrue();
        assertThat(windows.isOpen(MONDAY_NIGHT, berlin("2025-04-01T02:00"))).isFalse();
    }

    @Test
    void answersForTheInjectedClock() {
        assertThat(windows.isOpenNow(MONDAY_NIGHT)).isTrue();
        assertThat(windows.earliestStartFromNow(MONDAY_NIGHT, Duration.ofHours(2))).contains(berlin("2025-03-31T23:00"));
    }

    @Test
    void findsTheNextStartAWeekLaterOnceAWindowHasClosed() {
        assertThat(windows.nextStart(MONDAY_NIGHT, berlin("2025-04-01T03:00"))).contains(berlin("2025-04-07T22:00"));
        assertThat(windows.nextStart(MONDAY_NIGHT, berlin("2025-03-31T10:00"))).contains(berlin("2025-03-31T22:00"));
    }

    @Test
    void neverStartsAStepThatCannotFinishInItsWindow() {
        Instant lateMonday = berlin("2025-03-31T23:30");

        assertThat(windows.earliestStart(MONDAY_NIGHT, lateMonday, Duration.ofMinutes(150)))
                .contains(lateMonday);
        assertThat(windows.earliestStart(MONDAY_NIGHT, lateMonday, Duration.ofHours(3)))
                .contains(berlin("2025-04-07T22:00"));
        assertThat(windows.earliestStart(MONDAY_NIGHT, lateMonday, Duration.ofHours(4)))
                .contains(berlin("2025-04-07T22:00"));
        assertThat(windows.earliestStart(MONDAY_NIGHT, lateMonday, Duration.ofMinutes(241))).isEmpty();
    }

    @Test
    void theSameInstantIsInsideOrOutsideDependingOnTheWindowsTimeZone() {
        Instant instant = Instant.parse("2025-04-01T02:30:00Z"); // Monday 22:30 in New York, Tuesday 11:30 in Tokyo
        MaintenanceWindow newYork = new MaintenanceWindow(Set.of(DayOfWeek.MONDAY), LocalTime.of(22, 0),
                Duration.ofHours(1), ZoneId.of("America/New_York"));
        MaintenanceWindow tokyo = new MaintenanceWindow(Set.of(DayOfWeek.MONDAY), LocalTime.of(22, 0),
                Duration.ofHours(1), ZoneId.of("Asia/Tokyo"));

        assertThat(windows.isOpen(newYork, instant)).isTrue();
        assertThat(windows.isOpen(tokyo, instant)).isFalse();
    }

    @Test
    void onTheSpringForwardNightAWindowLastsItsRealDuration() {
        // 2025-03-30: Berlin jumps from 02:00 CET to 03:00 CEST; 01:00 CET is 00:00Z, three real hours end at 03:00Z
        MaintenanceWindow sunday = new MaintenanceWindow(Set.of(DayOfWeek.SUNDAY), LocalTime.of(1, 0),
                Duration.ofHours(3), BERLIN);

        assertThat(windows.isOpen(sunday, Instant.parse("2025-03-30T02:59:00Z"))).isTrue(); // 04:59 CEST
        assertThat(windows.isOpen(sunday, Instant.parse("2025-03-30T03:00:00Z"))).isFalse(); // 05:00 CEST
        assertThat(windows.earliestStart(sunday, Instant.parse("2025-03-29T12:00:00Z"), Duration.ofHours(3)))
                .contains(Instant.parse("2025-03-30T00:00:00Z"));
    }

    @Test
    void aStartTimeTheClocksSkipOpensWhenTheyResume() {
        MaintenanceWindow skipped = new MaintenanceWindow(Set.of(DayOfWeek.SUNDAY), LocalTime.of(2, 30),
                Duration.ofHours(1), BERLIN);

        // 02:30 does not exist on 2025-03-30: the window opens at 03:30 CEST = 01:30Z
        assertThat(windows.nextStart(skipped, Instant.parse("2025-03-29T12:00:00Z")))
                .contains(Instant.parse("2025-03-30T01:30:00Z"));
        // a week later, 02:30 CEST is 00:30Z again
        assertThat(windows.nextStart(skipped, Instant.parse("2025-03-31T00:00:00Z")))
                .contains(Instant.parse("2025-04-06T00:30:00Z"));
    }

    @Test
    void aStartTimeTheClocksRepeatOpensAtItsFirstOccurrence() {
        MaintenanceWindow repeated = new MaintenanceWindow(Set.of(DayOfWeek.SUNDAY), LocalTime.of(2, 30),
                Duration.ofHours(1), BERLIN);

        // 2025-10-26: 02:30 happens in CEST (00:30Z) and again in CET (01:30Z)
        assertThat(windows.nextStart(repeated, Instant.parse("2025-10-25T12:00:00Z")))
                .contains(Instant.parse("2025-10-26T00:30:00Z"));
        assertThat(windows.isOpen(repeated, Instant.parse("2025-10-26T01:29:00Z"))).isTrue();
        assertThat(windows.isOpen(repeated, Instant.parse("2025-10-26T01:30:00Z"))).isFalse();
    }

    @Test
    void touchingOccurrencesFormOneWindowSoALongStepFitsAcrossDays() {
        MaintenanceWindow always = new MaintenanceWindow(EnumSet.allOf(DayOfWeek.class), LocalTime.MIDNIGHT,
                Duration.ofHours(24), BERLIN);
        MaintenanceWindow nightly = new MaintenanceWindow(EnumSet.allOf(DayOfWeek.class), LocalTime.of(20, 0),
                Duration.ofHours(12), BERLIN);
        Instant now = berlin("2025-04-02T12:00");

        assertThat(windows.earliestStart(always, now, Duration.ofHours(48))).contains(now);
        assertThat(windows.earliestStart(nightly, now, Duration.ofHours(12))).contains(berlin("2025-04-02T20:00"));
        assertThat(windows.earliestStart(nightly, now, Duration.ofHours(13))).isEmpty();
    }

    private static Instant berlin(String localDateTime) {
        return java.time.LocalDateTime.parse(localDateTime).atZone(BERLIN).toInstant();
    }

}
