package dev.flotilla.meta.concurrency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 9110 section 8.8.3.2: If-Match compares strongly, so a weak tag never matches. */
class EntityTagsTest {

    private static final Optional<String> CURRENT = Optional.of(EntityTags.strong(7, 3));

    @Test
    void matchesTheSameStrongTagOnly() {
        assertThat(CURRENT).contains("\"7.3\"");
        assertThat(EntityTags.parse("\"7.3\"").holds(CURRENT)).isTrue();
        assertThat(EntityTags.parse("W/\"7.3\"").holds(CURRENT)).isFalse();
        assertThat(EntityTags.parse("\"7.2\"").holds(CURRENT)).isFalse();
        assertThat(EntityTags.parse("\"7.2\" , W/\"7.3\",\"7.3\"").holds(CURRENT)).isTrue();
    }

    @Test
    void starMatchesAnyCurrentRepresentationAndNothingMatchesNone() {
        assertThat(EntityTags.parse("*").holds(CURRENT)).isTrue();
        assertThat(EntityTags.parse("*").holds(Optional.empty())).isFalse();
        assertThat(EntityTags.parse("\"7.3\"").holds(Optional.empty())).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"7.3", "\"7.3", "\"7.3\" \"7.4\"", "W/7", ",", "\"a b\""})
    void refusesWhatIsNotAListOfEntityTags(String value) {
        assertThatThrownBy(() -> EntityTags.parse(value)).isInstanceOf(IllegalArgumentException.class);
    }
}
