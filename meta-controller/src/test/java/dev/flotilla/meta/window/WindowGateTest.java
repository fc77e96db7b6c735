package dev.flotilla.meta.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WindowGateTest {

    /** Mondays 12:00-12:30 UTC; 2026-06-01 is a Monday. */
    private static final MaintenanceWindow MONDAY_NOON = new MaintenanceWindow(Set.of(DayOfWeek.MONDAY),
            LocalTime.NOON, Duration.ofMinutes(30), ZoneId.of("UTC"));
    private static final Duration STEP = Duration.ofMinutes(20);

    private final WindowGate gate = new WindowGate(null,
            new MaintenanceWindows(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)));

    @Test
    void workMayStartInsideTheWindowWhenItFinishesBeforeItCloses() {
        assertThat(gate.why(MONDAY_NOON, STEP, Instant.parse("2026-06-01T12:10:00Z"))).isEmpty();
    }

    @Test
    void workThatWouldOutlastTheWindowWaitsForTheNextOne() {
        assertThat(gate.why(MONDAY_NOON, STEP, Instant.parse("2026-06-01T12:11:00Z")))
                .hasValueSatisfying(why -> assertThat(why).contains("2026-06-08T12:00:00Z"));
    }

    @Test
    void workOutsideTheWindowWaitsForItsStart() {
        assertThat(gate.why(MONDAY_NOON, STEP, Instant.parse("2026-06-01T09:00:00Z")))
                .hasValueSatisfying(why -> assertThat(why).contains("2026-06-01T12:00:00Z"));
    }

    @Test
    void workLongerThanAnyWindowNeverStarts() {
        assertThat(gate.why(MONDAY_NOON, Duration.ofHours(1), Instant.parse("2026-06-01T12:00:00Z")))
                .hasValueSatisfying(why -> assertThat(why).contains("no maintenance window is long enough"));
        assertThat(gate.earliestStart(Optional.of(MONDAY_NOON), Duration.ofHours(1), Instant.EPOCH)).isEmpty();
    }

    @Test
    void aClusterWithoutAWindowMayStartAtOnce() {
        Instant now = Instant.parse("2026-06-01T03:00:00Z");
        assertThat(gate.earliestStart(Optional.empty(), STEP, now)).contains(now);
    }
}
