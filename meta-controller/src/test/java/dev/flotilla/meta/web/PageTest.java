package dev.flotilla.meta.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PageTest {

    @Test
    void readsBackTheKeyOfACursorItHandedOut() {
        assertThat(Page.decode(Page.encode("prod-eu-1"))).isEqualTo("prod-eu-1");
        assertThat(Page.decodeLong(Page.encode("42"), 0)).isEqualTo(42);
        assertThat(Page.decode(null)).isNull();
    }

    /** Each once reached the database: a NUL PostgreSQL refused (a 409 then), or garbage that paged on silently. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"!!!", "AAE", "_-_-_-_-", "AAAAAAAAAAAAAAAAAAAAAA==", "not a cursor"})
    void refusesACursorThatIsNotBase64OfAUtf8KeyWithoutControlCharacters(String cursor) {
        assertThatThrownBy(() -> Page.decode(cursor)).isInstanceOfSatisfying(FlotillaException.class,
                e -> assertThat(e.getMessage()).contains("parameter 'cursor' is malformed"));
    }

    @Test
    void refusesACursorLongerThanAnyKeyAndShowsOnlyItsStart() {
        String cursor = Page.encode("x".repeat(600));

        assertThatThrownBy(() -> Page.decode(cursor)).isInstanceOfSatisfying(FlotillaException.class,
                e -> assertThat(e.getMessage()).hasSizeLessThan(200));
    }
}
