package dev.flotilla.api.kruise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class IntOrPercentTest {

    @ParameterizedTest(name = "{0} parses as {1} (percent {2})")
    @MethodSource
    void parsesIntegersAndWholePercentages(Object raw, int value, boolean percent) {
        assertThat(IntOrPercent.parse(new IntOrString(raw))).isEqualTo(new IntOrPercent(value, percent));
    }

    static Stream<Arguments> parsesIntegersAndWholePercentages() {
        return Stream.of(
                Arguments.of(0, 0, false), Arguments.of(7, 7, false), Arguments.of(32767, 32767, false),
                Arguments.of("0%", 0, true), Arguments.of("20%", 20, true), Arguments.of("100%", 100, true));
    }

    @ParameterizedTest(name = "{0} is refused: {1}")
    @MethodSource
    void refusesMalformedValuesWithAClearMessage(Object raw, String message) {
        assertThatThrownBy(() -> IntOrPercent.parse(raw))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    static Stream<Arguments> refusesMalformedValuesWithAClearMessage() {
        return Stream.of(
                Arguments.of("abc", "\"abc\" is not an integer or a whole percentage like \"20%\""),
                Arguments.of(-1, "-1 must not be negative"),
                Arguments.of("-1", "\"-1\" is a string without '%'"),
                Arguments.of("-5%", "\"-5%\" must not be negative"),
                Arguments.of("150%", "\"150%\" must be between 0% and 100%"),
                Arguments.of("10.5%", "\"10.5%\" is not an integer or a whole percentage"),
                Arguments.of("5", "\"5\" is a string without '%': write 5 as a number or add '%'"),
                Arguments.of(10.5, "10.5 is not an integer or a percentage"),
                Arguments.of(true, "true is not an integer or a percentage"));
    }

    @Test
    void absentValueParsesAsNull() {
        assertThat(IntOrPercent.parse((IntOrString) null)).isNull();
        assertThat(IntOrPercent.parse((Object) null)).isNull();
    }

    @ParameterizedTest(name = "partition {0} of {1} replicas keeps {2} old pods")
    @CsvSource({
        "8, 10, 8", "0, 10, 0", "12, 10, 10", "'0%', 10, 0", "'15%', 10, 2", "'50%', 5, 3",
        "'90%', 5, 4", "'99%', 10, 9", "'99%', 1, 1", "'100%', 10, 10", "'1%', 3, 1", "'50%', 0, 0"})
    void cloneSetPartitionPercentRoundsUpButLeavesOnePodToUpdate(String partition, int replicas, int expected) {
        assertThat(IntOrPercent.cloneSetPartition(intOrString(partition), replicas)).isEqualTo(expected);
    }

    @Test
    void cloneSetPartitionDefaultsToZero() {
        assertThat(IntOrPercent.cloneSetPartition(null, 10)).isZero();
    }

    @ParameterizedTest(name = "maxUnavailable {0} with resolved maxSurge {1} of {2} replicas is {3}")
    @CsvSource({
        "'25%', 0, 10, 3", "'25%', 1, 10, 2", "'20%', 0, 3, 1", "'20%', 2, 3, 0", "3, 0, 10, 3", "3, 5, 10, 3",
        ", 0, 10, 2", ", 0, 11, 3", ", 1, 11, 2"})
    void cloneSetMaxUnavailableRoundsUpOnlyWithoutSurge(String maxUnavailable, int surge, int replicas,
            int expected) {
        assertThat(IntOrPercent.cloneSetMaxUnavailable(intOrString(maxUnavailable), surge, replicas))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "maxSurge {0} of {1} replicas (paused {2}) is {3}")
    @CsvSource({"'10%', 10, false, 1", "'15%', 10, false, 2", "2, 10, false, 2", "'50%', 10, true, 0",
        ", 10, false, 0"})
    void cloneSetMaxSurgeRoundsUpAndIsZeroWhilePaused(String maxSurge, int replicas, boolean paused, int expected) {
        assertThat(IntOrPercent.cloneSetMaxSurge(intOrString(maxSurge), replicas, paused)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "ASTS maxUnavailable {0} of {1} replicas is {2}")
    @CsvSource({"'50%', 5, 2", "'30%', 10, 3", "'35%', 10, 3", "'10%', 5, 1", "3, 10, 3", ", 10, 1"})
    void statefulSetMaxUnavailablePercentRoundsDownToAtLeastOne(String maxUnavailable, int replicas,
            int expected) {
        assertThat(IntOrPercent.statefulSetMaxUnavailable(intOrString(maxUnavailable), replicas))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "subset replicas {0} of {1} is {2}")
    @CsvSource({"'50%', 6, 3", "'50%', 5, 3", "'25%', 6, 2", "'10%', 4, 0", "'33%', 10, 3", "4, 10, 4"})
    void subsetReplicasPercentRoundsToNearest(String replicas, int total, int expected) {
        assertThat(IntOrPercent.subsetReplicas(intOrString(replicas), total)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "lenient {0} reads as {1} (percent {2})")
    @MethodSource
    void lenientReadsAPlainIntegerStringAndIgnoresBlanks(Object raw, int value, boolean percent) {
        assertThat(IntOrPercent.lenient(raw)).isEqualTo(new IntOrPercent(value, percent));
    }

    static Stream<Arguments> lenientReadsAPlainIntegerStringAndIgnoresBlanks() {
        return Stream.of(
                Arguments.of("3", 3, false), Arguments.of(" 0 ", 0, false), Arguments.of(5, 5, false),
                Arguments.of(7L, 7, false), Arguments.of(" 20% ", 20, true), Arguments.of(new IntOrString("50%"), 50, true),
                Arguments.of(new IntOrString(4), 4, false));
    }

    @Test
    void lenientStillRefusesWhatKruiseCannotRead() {
        assertThat(IntOrPercent.lenient(null)).isNull();
        assertThatThrownBy(() -> IntOrPercent.lenient("-1")).hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> IntOrPercent.lenient("10.5%")).hasMessageContaining("not an integer");
        assertThatThrownBy(() -> IntOrPercent.lenient("abc")).hasMessageContaining("not an integer");
    }

    @ParameterizedTest(name = "resolve {0} of {1} (round up {2}) is {3}")
    @CsvSource({"'25%', 10, true, 3", "'25%', 10, false, 2", "4, 10, true, 4", "'4', 10, false, 4",
        ", 10, true, 7"})
    void resolveReadsLenientlyAndFallsBackWhenAbsent(String raw, int total, boolean roundUp, int expected) {
        assertThat(IntOrPercent.resolve(raw, total, roundUp, 7)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "batch partition {0} of {1} replicas keeps {2} old pods")
    @CsvSource({"'0', 10, 0", "'3', 10, 3", "'12', 10, 10", "'50%', 5, 3", "'90%', 5, 4", "'100%', 10, 10",
        "'99%', 1, 1", ", 10, 0"})
    void partitionOfARawValueFollowsTheCloneSetRule(String raw, int replicas, int expected) {
        assertThat(IntOrPercent.partition(raw, replicas)).isEqualTo(expected);
    }

    @Test
    void printsAsKruiseWritesIt() {
        assertThat(new IntOrPercent(20, true)).hasToString("20%");
        assertThat(new IntOrPercent(3, false)).hasToString("3");
    }

    /** CSV gives strings: a value with '%' stays a string, a bare number becomes an int, empty means absent. */
    private static IntOrString intOrString(String csv) {
        if (csv == null) {
            return null;
        }
        return csv.endsWith("%") ? new IntOrString(csv) : new IntOrString(Integer.parseInt(csv));
    }
}
