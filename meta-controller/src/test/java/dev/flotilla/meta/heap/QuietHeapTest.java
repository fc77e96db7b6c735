package dev.flotilla.meta.heap;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** {@link QuietHeap}'s two states, on a fake soft limit, clock and allocation counter, one tick a second. */
class QuietHeapTest {

    private static final long MB = 1024 * 1024;
    private static final HeapProperties DEFAULTS = new HeapProperties(0.6, DataSize.ofMegabytes(64), Duration.ofSeconds(15));

    private final FakeLimit limit = new FakeLimit(1000 * MB, 300 * MB);
    private final AtomicInteger moving = new AtomicInteger();
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final AtomicLong allocated = new AtomicLong();
    /** What the replica allocates per second of the clock. */
    private long bytesPerSecond = 4 * MB;

    @Test
    void aQuietReplicaGetsTheQuietLimitAfterQuietAfterAndAMovingCampaignTheStartLimitAtTheNextTick() {
        QuietHeap heap = heap(DEFAULTS);
        seconds(heap, 14);
        assertThat(limit.sets).as("not quiet for 15 s yet").isEmpty();
        seconds(heap, 1);
        assertThat(limit.sets).containsExactly(600 * MB);

        moving.set(1);
        seconds(heap, 1);
        assertThat(limit.sets).containsExactly(600 * MB, 1000 * MB);
        seconds(heap, 60);
        assertThat(limit.sets).as("nothing set again while busy").hasSize(2);

        moving.set(0);
        seconds(heap, 14);
        assertThat(heap.applied()).isEqualTo(1000 * MB);
        seconds(heap, 1);
        assertThat(limit.sets).containsExactly(600 * MB, 1000 * MB, 600 * MB);
        assertThat(limit.get()).isEqualTo(600 * MB);
    }

    @Test
    void theQuietLimitStaysAboveTheHeapInUseAfterTheLastCollectionAndNeverPassesTheStartLimit() {
        QuietHeap heap = heap(DEFAULTS);
        limit.used = 540 * MB;
        seconds(heap, 15);
        assertThat(limit.get()).isEqualTo((long) (540 * MB * QuietHeap.LIVE_HEADROOM));

        limit.used = 545 * MB; // a move of less than 5% of the start limit is not applied
        seconds(heap, 1);
        assertThat(limit.sets).hasSize(1);

        limit.used = 700 * MB;
        seconds(heap, 1);
        assertThat(limit.get()).isEqualTo((long) (700 * MB * QuietHeap.LIVE_HEADROOM));

        limit.used = 900 * MB;
        seconds(heap, 1);
        assertThat(limit.get()).isEqualTo(1000 * MB);
    }

    @Test
    void aReplicaAllocatingTheThresholdOrMoreIsBusyWithoutACampaign() {
        QuietHeap heap = heap(DEFAULTS);
        bytesPerSecond = 200 * MB; // agents reconnecting or reporting at once
        seconds(heap, 60);
        assertThat(limit.sets).isEmpty();

        bytesPerSecond = 4 * MB;
        // the average over the last three seconds falls under 64 MB/s at the third tick, then 15 s of quiet
        seconds(heap, 16);
        assertThat(limit.sets).as("not quiet for 15 s yet").isEmpty();
        seconds(heap, 1);
        assertThat(limit.sets).as("quiet for 15 s by now").containsExactly(600 * MB);

        bytesPerSecond = 200 * MB;
        seconds(heap, 1);
        assertThat(limit.get()).isEqualTo(1000 * MB);
    }

    @Test
    void nothingIsSetWhereTheCollectorHasNoSoftLimitOrTheRatioIsOne() {
        QuietHeap none = new QuietHeap(null, moving::get, clock::get, allocated::get, DEFAULTS);
        assertThat(none.active()).isFalse();
        none.start();
        assertThat(none.isRunning()).isFalse();

        QuietHeap off = heap(new HeapProperties(1.0, DataSize.ofMegabytes(64), Duration.ofSeconds(15)));
        assertThat(off.active()).isFalse();
        off.start();
        assertThat(off.isRunning()).isFalse();
        assertThat(limit.sets).isEmpty();
    }

    @Test
    void aLimitTheJvmRefusesLeavesTheLastOneApplied() {
        QuietHeap heap = heap(DEFAULTS);
        limit.refuse = true;
        seconds(heap, 15);
        assertThat(heap.applied()).isEqualTo(1000 * MB);
        limit.refuse = false;
        seconds(heap, 1);
        assertThat(heap.applied()).isEqualTo(600 * MB);

        limit.refuse = true;
        moving.set(1);
        seconds(heap, 1);
        assertThat(heap.applied()).isEqualTo(600 * MB);
        limit.refuse = false;
        seconds(heap, 1);
        assertThat(heap.applied()).as("the start limit tried again while busy").isEqualTo(1000 * MB);
    }

    private QuietHeap heap(HeapProperties properties) {
        return new QuietHeap(limit, moving::get, clock::get, allocated::get, properties);
    }

    private void seconds(QuietHeap heap, int ticks) {
        for (int i = 0; i < ticks; i++) {
            clock.addAndGet(1000);
            allocated.addAndGet(bytesPerSecond);
            heap.tick();
        }
    }

    private static final class FakeLimit implements SoftHeapLimit {
        private long value;
        long used;
        boolean refuse;
        final List<Long> sets = new ArrayList<>();

        FakeLimit(long value, long used) {
            this.value = value;
            this.used = used;
        }

        @Override
        public long get() {
            return value;
        }

        @Override
        public void set(long bytes) {
            if (refuse) {
                throw new IllegalArgumentException("SoftMaxHeapSize error: value violates its flag's constraint.");
            }
            value = bytes;
            sets.add(bytes);
        }

        @Override
        public long usedAfterLastCollection() {
            return used;
        }
    }
}
