package dev.flotilla.meta.agentgateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LongSummaryStatistics;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A parked poll's wait: at most what the agent asked for, drawn anew for each poll so a fleet's polls spread. */
class PollWaitTest {

    @Test
    void aWaitIsBetweenThreeQuartersAndAllOfTheTimeout() {
        assertThat(WorkPolls.waitMillis(50, fixed(0.0))).isEqualTo(50_000);
        assertThat(WorkPolls.waitMillis(50, fixed(Math.nextDown(1.0)))).isEqualTo(37_501);
        assertThat(WorkPolls.waitMillis(1, fixed(0.5))).isEqualTo(875);
    }

    @Test
    void pollsParkedTogetherRunOutOverAQuarterOfTheTimeout() {
        SplittableRandom random = new SplittableRandom(42);
        LongSummaryStatistics waits = IntStream.range(0, 10_000)
                .mapToLong(i -> WorkPolls.waitMillis(50, random)).summaryStatistics();

        assertThat(waits.getMin()).isGreaterThanOrEqualTo(37_500);
        assertThat(waits.getMax()).isLessThanOrEqualTo(50_000);
        assertThat(waits.getMax() - waits.getMin()).as("10,000 polls parked at once no longer run out at once")
                .isGreaterThan(12_000);
    }

    private static RandomGenerator fixed(double value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException();
            }

            @Override
            public double nextDouble() {
                return value;
            }
        };
    }
}
