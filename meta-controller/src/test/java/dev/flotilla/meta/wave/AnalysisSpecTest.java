package dev.flotilla.meta.wave;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.meta.web.FlotillaException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AnalysisSpecTest {

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "result < 0.01            ; 0.005 ; true",
        "result < 0.01            ; 0.01  ; false",
        "result >= 0.99           ; 0.99  ; true",
        "0.5 > result             ; 0.4   ; true",
        "result == 0              ; 0     ; true",
        "result != 0              ; 0     ; false",
        "result > 1 && result < 3 ; 2     ; true",
        "result > 1 && result < 3 ; 3     ; false",
        "result < 1 || result > 3 ; 4     ; true",
        "(result < 1 || result > 3) && result != 5 ; 5 ; false",
        "result <= -1.5e-3        ; -0.01 ; true"})
    void aConditionComparesTheResultWithNumbers(String condition, double result, boolean holds) {
        assertThat(AnalysisCondition.parse(condition).test(result)).isEqualTo(holds);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "result", "result <", "result < x", "1 < 2", "result =< 1", "result < 1 &&",
        "(result < 1", "result < 1)", "result < NaN", "result < 1 ; drop"})
    void aConditionThatDoesNotParseIsRefusedWithWhatIsWrong(String condition) {
        assertThatThrownBy(() -> AnalysisCondition.parse(condition)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'");
    }

    @Test
    void aMetricTakesExactlyOneCondition() {
        assertThatThrownBy(() -> spec(new AnalysisSpec.Metric("e", "q", "result < 1", "result > 2", null)).check())
                .isInstanceOf(FlotillaException.class).hasMessageContaining("analysis.metrics[0]")
                .hasMessageContaining("exactly one");
        assertThatThrownBy(() -> spec(new AnalysisSpec.Metric("e", "q", null, null, null)).check())
                .isInstanceOf(FlotillaException.class).hasMessageContaining("exactly one");
    }

    @Test
    void aBadConditionIsA400NamingTheField() {
        assertThatThrownBy(() -> spec(new AnalysisSpec.Metric("e", "q", "result << 1", null, null)).check())
                .isInstanceOf(FlotillaException.class)
                .hasMessageContaining("analysis.metrics[0].successCondition is not a condition");
    }

    @Test
    void metricNamesAreUniqueAndClusterPlaceholdersNeedClusterScope() {
        var m = new AnalysisSpec.Metric("e", "q", "result < 1", null, null);
        assertThatThrownBy(() -> spec(m, m).check()).hasMessageContaining("'e' is used twice");
        assertThatThrownBy(() -> spec(new AnalysisSpec.Metric("e", "up{cluster=\"${cluster}\"}", "result < 1", null,
                AnalysisSpec.Scope.WAVE)).check()).hasMessageContaining("scope is WAVE");
        spec(new AnalysisSpec.Metric("e", "up{cluster=\"${cluster}\"}", "result < 1", null,
                AnalysisSpec.Scope.CLUSTER)).check();
    }

    @Test
    void aFailureConditionFailsTheMetricWhenItHolds() {
        var m = new AnalysisSpec.Metric("e", "q", null, "result > 0.05", null);
        assertThat(m.fails(0.3)).isTrue();
        assertThat(m.fails(0.01)).isFalse();
        assertThat(m.condition()).isEqualTo("not (result > 0.05)");
    }

    @Test
    void placeholdersAreFilledWithTheWaveAndTheCampaign() {
        assertThat(AnalysisSpec.expand("x{cluster=~\"${clusters}\",app=\"${application}\",rev=\"${revision}\"," 
                + "w=\"${wave}\",c=\"${cluster}\"}", List.of("a-1", "b-2"), "a-1", "web", "7", 2))
                .isEqualTo("x{cluster=~\"a-1|b-2\",app=\"web\",rev=\"7\",w=\"2\",c=\"a-1\"}");
    }

    private static AnalysisSpec spec(AnalysisSpec.Metric... metrics) {
        return new AnalysisSpec("prom", null, null, null, null, List.of(metrics));
    }
}
