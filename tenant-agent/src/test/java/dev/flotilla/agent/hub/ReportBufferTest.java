package dev.flotilla.agent.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.api.agent.StatusReport;
import dev.flotilla.api.agent.WorkPhase;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReportBufferTest {

    private final AtomicInteger wakeups = new AtomicInteger();
    private final ReportBuffer buffer = new ReportBuffer(3, wakeups::incrementAndGet);

    private static StatusReport report(String workId, long seq) {
        return new StatusReport(workId, 1, seq, WorkPhase.BATCH_IN_PROGRESS, 1, 2, null, null);
    }

    private List<String> contents() {
        return buffer.oldest(10).stream().map(r -> r.workId() + "#" + r.seq()).toList();
    }

    @Test
    void keepsReportsInTheOrderTheyWereMadeAndWakesTheSender() {
        buffer.report(report("a", 1));
        buffer.report(report("b", 2));

        assertThat(contents()).containsExactly("a#1", "b#2");
        assertThat(wakeups).hasValue(2);
    }

    @Test
    void whenFullDropsTheOldestReportOfAnItemThatHasANewerOne() {
        buffer.report(report("a", 1));
        buffer.report(report("b", 2));
        buffer.report(report("b", 3));

        buffer.report(report("a", 4));

        assertThat(contents()).containsExactly("b#2", "b#3", "a#4");
        buffer.report(report("c", 5));
        assertThat(contents()).containsExactly("b#3", "a#4", "c#5");
        assertThat(buffer.dropped()).isZero();
    }

    @Test
    void whenEveryItemHasOneReportTheOldestIsDroppedAndCounted() {
        buffer.report(report("a", 1));
        buffer.report(report("b", 2));
        buffer.report(report("c", 3));

        buffer.report(report("d", 4));

        assertThat(contents()).containsExactly("b#2", "c#3", "d#4");
        assertThat(buffer.dropped()).isEqualTo(1);
    }

    @Test
    void removesOnlyTheDeliveredReports() {
        buffer.report(report("a", 1));
        buffer.report(report("b", 2));
        List<StatusReport> inFlight = buffer.oldest(2);
        buffer.report(report("a", 3));

        buffer.delivered(inFlight);

        assertThat(contents()).containsExactly("a#3");
        assertThat(buffer.accepted()).isEqualTo(3);
    }
}
