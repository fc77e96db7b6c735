package dev.flotilla.meta.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestLimitFilterTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "NONE", textBlock = """
            selector=env%3Dprod%2Ctier+in+(a%2Cb)&limit=10 | NONE
            region=a%00b                                   | parameter 'region' holds a control character
            state=%01RUNNING                               | parameter 'state' holds a control character
            zone=%zz                                       | the query string is malformed near 'zone=%zz'
            """)
    void namesTheParameterThatHoldsAControlCharacterOrCannotBeDecoded(String query, String problem) {
        String answer = RequestLimitFilter.badParameter(query);

        if (problem == null) {
            assertThat(answer).isNull();
        } else {
            assertThat(answer).startsWith(problem);
        }
    }

    @ParameterizedTest(name = "{0} characters")
    @CsvSource({"4096, true", "4097, false"})
    void takesAParameterAsLongAsTheLongestSelector(int length, boolean taken) {
        String problem = RequestLimitFilter.badParameter("selector=" + "a".repeat(length));

        assertThat(problem == null).isEqualTo(taken);
    }
}
