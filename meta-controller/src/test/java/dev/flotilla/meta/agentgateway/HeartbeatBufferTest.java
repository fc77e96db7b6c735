package dev.flotilla.meta.agentgateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class HeartbeatBufferTest {

    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    @Test
    void keepsOnlyTheLatestBeatOfEachCluster() {
        var buffer = new HeartbeatBuffer();
        buffer.record(1, T0.plusSeconds(5));
        buffer.record(1, T0);
        buffer.record(1, T0.plusSeconds(3));
        buffer.record(2, T0.plusSeconds(1));

        assertThat(buffer.drain()).containsExactlyInAnyOrder(
                new HeartbeatBuffer.Beat(1, T0.plusSeconds(5)), new HeartbeatBuffer.Beat(2, T0.plusSeconds(1)));
    }

    @Test
    void drainingEmptiesTheBufferSoTheNextFlushOnlyCarriesNewBeats() {
        var buffer = new HeartbeatBuffer();
        buffer.record(1, T0);
        buffer.drain();
        buffer.record(2, T0);

        assertThat(buffer.drain()).containsExactly(new HeartbeatBuffer.Beat(2, T0));
        assertThat(buffer.drain()).isEmpty();
    }

    @Test
    void restoringAFailedFlushKeepsABeatRecordedMeanwhile() {
        var buffer = new HeartbeatBuffer();
        buffer.record(1, T0);
        List<HeartbeatBuffer.Beat> failed = buffer.drain();
        buffer.record(1, T0.plusSeconds(9));

        buffer.restore(failed);

        assertThat(buffer.drain()).containsExactly(new HeartbeatBuffer.Beat(1, T0.plusSeconds(9)));
    }

    @Test
    void losesNoClusterWhenBeatsArriveWhileDraining() {
        var buffer = new HeartbeatBuffer();
        var drained = new java.util.concurrent.ConcurrentHashMap<Long, Instant>();
        CompletableFuture<Void> writers = CompletableFuture.runAsync(() ->
                IntStream.range(0, 50_000).forEach(i -> buffer.record(i % 1_000, T0.plusMillis(i))));
        while (!writers.isDone()) {
            buffer.drain().forEach(b -> drained.merge(b.clusterId(), b.at(), (x, y) -> x.isAfter(y) ? x : y));
        }
        buffer.drain().forEach(b -> drained.merge(b.clusterId(), b.at(), (x, y) -> x.isAfter(y) ? x : y));

        assertThat(drained).hasSize(1_000);
        // each cluster's last beat was i = 49_000 + id
        assertThat(drained.get(7L)).isEqualTo(T0.plusMillis(49_007));
        assertThat(buffer.pending()).isZero();
    }
}
