package dev.flotilla.sim.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The simulator's queue wait: how long a task handed to the agents' executor waits for a thread. */
class QueueProbeTest {

    @Test
    void aTaskHandedOverWhileTheOnlyThreadIsBusyWaitsUntilItIsFree() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            CountDownLatch free = new CountDownLatch(1);
            executor.execute(() -> {
                try {
                    free.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            QueueProbe probe = new QueueProbe(executor).start();
            Thread.sleep(500);
            free.countDown();
            Thread.sleep(200);

            Latencies waits = probe.stop();

            // the first task handed over waited for the busy thread about 500 ms; those after it, while it was free,
            // hardly at all
            assertThat(waits.count()).isGreaterThan(5);
            assertThat(waits.max()).isGreaterThan(300);
            assertThat(waits.percentile(0)).isLessThan(300);
        } finally {
            executor.shutdownNow();
        }
    }
}
