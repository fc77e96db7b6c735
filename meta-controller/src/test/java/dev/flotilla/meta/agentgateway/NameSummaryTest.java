package dev.flotilla.meta.agentgateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class NameSummaryTest {

    @Test
    void namesEveryClusterOfASmallBatch() {
        assertThat(NameSummary.of(List.of("a", "b"))).isEqualTo("2 (a, b)");
    }

    @Test
    void namesTheFirstTenOfABigBatchAndCountsTheRest() {
        List<String> names = IntStream.range(0, 1_200).mapToObj(i -> "c" + i).toList();

        assertThat(NameSummary.of(names))
                .isEqualTo("1200 (c0, c1, c2, c3, c4, c5, c6, c7, c8, c9 and 1190 more)");
    }
}
