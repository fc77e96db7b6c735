package dev.flotilla.meta.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.meta.web.FlotillaException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MaintenanceWindowInputTest {

    @Test
    void readsWeekdaysTimesIsoDurationsMinutesAndZones() {
        MaintenanceWindow window = MaintenanceWindowInput.parse(List.of("mon", "SAT", "MON"), "22:00", "PT4H30M",
                "Europe/Berlin");

        assertThat(window.days()).containsExactlyInAnyOrder(DayOfWeek.MONDAY, DayOfWeek.SATURDAY);
        assertThat(window.start()).isEqualTo(LocalTime.of(22, 0));
        assertThat(window.duration()).isEqualTo(Duration.ofMinutes(270));
        assertThat(MaintenanceWindowInput.duration("240")).isEqualTo(Duration.ofHours(4));
        assertThat(MaintenanceWindowInput.duration("P7D")).isEqualTo(Duration.ofDays(7));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "days, FUNDAY", "start, 25:00", "start, 7pm", "start, 7:00",
            "duration, PT0S", "duration, 0", "duration, -PT1H", "duration, PT169H", "duration, four hours",
            "timeZone, Mars/Olympus_Mons", "timeZone, ''"})
    void rejectsABadFieldNamingIt(String field, String value) {
        assertThatThrownBy(() -> MaintenanceWindowInput.parse(
                List.of(field.equals("days") ? value : "MON"),
                field.equals("start") ? value : "22:00",
                field.equals("duration") ? value : "PT4H",
                field.equals("timeZone") ? value : "Europe/Berlin"))
                .isInstanceOfSatisfying(FlotillaException.class, e -> {
                    assertThat(e.problem()).isEqualTo(FlotillaException.Problem.BAD_INPUT);
                    assertThat(e.getMessage()).startsWith("field '" + field + "'");
                });
    }
}
