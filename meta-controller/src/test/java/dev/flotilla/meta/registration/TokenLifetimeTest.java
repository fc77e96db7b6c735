package dev.flotilla.meta.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.meta.web.FlotillaException;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TokenLifetimeTest {

    @ParameterizedTest
    @CsvSource({"90s, PT1M30S", "30m, PT30M", "24h, PT24H", "7d, PT168H", "PT2H, PT2H", "'', PT24H", "365d, PT8760H"})
    void readsANumberAndAUnitOrAnIsoDuration(String ttl, String expected) {
        assertThat(TokenLifetime.parse(ttl)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"forever", "0s", "366d", "-PT1H", "1w", "12"})
    void refusesAnythingElseNamingTheFieldAndTheValue(String ttl) {
        assertThatThrownBy(() -> TokenLifetime.parse(ttl)).isInstanceOf(FlotillaException.class)
                .hasMessageContaining("field 'ttl'").hasMessageContaining("'" + ttl + "'");
    }
}
