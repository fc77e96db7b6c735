package dev.flotilla.meta.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.meta.cluster.LabelSelector.DoesNotExist;
import dev.flotilla.meta.cluster.LabelSelector.Equals;
import dev.flotilla.meta.cluster.LabelSelector.Exists;
import dev.flotilla.meta.cluster.LabelSelector.In;
import dev.flotilla.meta.cluster.LabelSelector.NotEquals;
import dev.flotilla.meta.cluster.LabelSelector.NotIn;
import dev.flotilla.meta.cluster.LabelSelector.Requirement;
import dev.flotilla.meta.web.FlotillaException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class LabelSelectorTest {

    static Stream<Arguments> wellFormed() {
        return Stream.of(
                Arguments.of("env=prod", List.of(new Equals("env", "prod"))),
                Arguments.of("env==prod", List.of(new Equals("env", "prod"))),
                Arguments.of(" env = prod ", List.of(new Equals("env", "prod"))),
                Arguments.of("env!=prod", List.of(new NotEquals("env", "prod"))),
                Arguments.of("tier in (gold, silver)", List.of(new In("tier", List.of("gold", "silver")))),
                Arguments.of("tier in(gold)", List.of(new In("tier", List.of("gold")))),
                Arguments.of("tier notin (bronze)", List.of(new NotIn("tier", List.of("bronze")))),
                Arguments.of("canary", List.of(new Exists("canary"))),
                Arguments.of("!canary", List.of(new DoesNotExist("canary"))),
                Arguments.of("example.com/team=payments", List.of(new Equals("example.com/team", "payments"))),
                Arguments.of("env=prod,tier in (gold,silver),!canary", List.of(new Equals("env", "prod"),
                        new In("tier", List.of("gold", "silver")), new DoesNotExist("canary"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wellFormed")
    void parsesEveryOperator(String selector, List<Requirement> expected) {
        assertThat(LabelSelector.parse(selector).requirements()).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void anEmptySelectorSelectsEverything(String selector) {
        LabelSelector everything = LabelSelector.parse(selector);
        assertThat(everything.requirements()).isEmpty();
        assertThat(everything.matches(Map.of())).isTrue();
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"env in (a", "=x", "a==", "a=", "a!=", "!", "env=prod,", ",env", "env in ()", "env in ( )",
            "env in a,b", "env inside (a)", "a b", "env=a=b", "env=(a)", "env)", "Env Key=x", "-env=x",
            "env=a b", "env in (a b)", "!env=prod", "env notin"})
    void refusesMalformedSelectorsQuotingThem(String selector) {
        assertThatThrownBy(() -> LabelSelector.parse(selector))
                .isInstanceOfSatisfying(FlotillaException.class, e -> {
                    assertThat(e.problem()).isEqualTo(FlotillaException.Problem.BAD_INPUT);
                    assertThat(e.getMessage()).contains("malformed selector '" + selector + "'");
                });
    }

    @Test
    void refusesAnOverlongSelector() {
        assertThatThrownBy(() -> LabelSelector.parse("a=" + "b".repeat(5000)))
                .isInstanceOf(FlotillaException.class).hasMessageContaining("4096");
    }

    @ParameterizedTest(name = "{0} on {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            env=prod                   | env:prod,tier:gold | true
            env=prod                   | env:dev            | false
            env=prod                   | ''                 | false
            env!=prod                  | env:dev            | true
            env!=prod                  | ''                 | true
            env!=prod                  | env:prod           | false
            tier in (gold,silver)      | tier:silver        | true
            tier in (gold,silver)      | tier:bronze        | false
            tier in (gold,silver)      | ''                 | false
            tier notin (gold,silver)   | tier:bronze        | true
            tier notin (gold,silver)   | ''                 | true
            tier notin (gold,silver)   | tier:gold          | false
            canary                     | canary:            | true
            canary                     | env:prod           | false
            !canary                    | env:prod           | true
            !canary                    | canary:yes         | false
            env=prod,!canary           | env:prod           | true
            env=prod,!canary           | env:prod,canary:x  | false
            """)
    void matchesWithKubernetesSemantics(String selector, String labels, boolean expected) {
        assertThat(LabelSelector.parse(selector).matches(labels(labels))).isEqualTo(expected);
    }

    @Test
    void translatesToParameterizedSqlWithoutQuotingValuesIn() {
        StringBuilder sql = new StringBuilder();
        List<Object> params = new ArrayList<>();
        LabelSelector.parse("env=prod,tier in (gold,silver),!canary").appendSql("labels", sql, params);
        assertThat(sql.toString()).doesNotContain("prod").doesNotContain("gold").contains("labels @> ?::jsonb");
        assertThat(params).hasSize(4).first().isEqualTo("{\"env\":\"prod\"}");
    }

    private static Map<String, String> labels(String text) {
        if (text == null || text.isEmpty()) {
            return Map.of();
        }
        Map<String, String> labels = new java.util.HashMap<>();
        for (String pair : text.split(",")) {
            String[] kv = pair.split(":", -1);
            labels.put(kv[0], kv[1]);
        }
        return labels;
    }
}
