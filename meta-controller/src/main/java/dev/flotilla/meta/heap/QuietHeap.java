package dev.flotilla.meta.heap;

import dev.flotilla.meta.wave.WaveEngine;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Lowers the collector's soft heap limit while the replica is quiet and raises it again when it gets busy.
 *
 * <p>A replica holding 10,000 parked polls has about 0.5 GB of heap in use after a collection, but the Z collector
 * lets the heap grow to its soft limit before it collects, and keeps what it grew to: with the 1 GB a rollout needs
 * (at 768 MB throughout, the CPU per status report in a 10,000-cluster rollout rose by a quarter and the reports at
 * saturation fell from half the no-op ceiling to a third), the idle replica stayed at 1.2-1.3 GB resident.
 *
 * <p>The replica is busy while a campaign moves (the wave engine's last tick saw one) or while its threads allocated
 * {@code flotilla.heap.quiet-below-allocation} a second or more over the last {@link #WINDOW_TICKS} seconds (agents
 * reconnecting, reporting at once); a busy replica has the limit it started with, at once. Allocation rather than the
 * process's CPU: the collection a lower limit sets off uses CPU too, and counted as work it made the replica busy
 * again at once. Once it has been quiet for {@code flotilla.heap.quiet-after} the limit is
 * {@code flotilla.heap.quiet-soft-max-ratio} of that, and never below {@link #LIVE_HEADROOM} times the heap in use
 * after the last collection, so a larger fleet raises it instead of making the collector run back to back; the
 * collector then returns what it no longer uses after {@code -XX:ZUncommitDelay} seconds (the image sets 10). At
 * 10,000 parked polls that is 0.95 GB resident instead of 1.2-1.3, for a collection every second or two while idle
 * (docs/benchmarks.md, change 27). Nothing changes under a collector that ignores the soft limit (G1, the Java 17
 * default) or when the ratio is 1.
 */
@Component
public class QuietHeap implements SmartLifecycle {

    /** The quiet limit stays at least this many times the heap in use after the last collection. */
    static final double LIVE_HEADROOM = 1.15;
    /** A new quiet limit is applied only when it moves by more than this share of the start limit. */
    static final double STEP = 0.05;
    static final long TICK_MILLIS = 1000;
    /** The allocation rate is averaged over this many ticks. */
    static final int WINDOW_TICKS = 3;

    private static final Logger log = LoggerFactory.getLogger(QuietHeap.class);
    private static final long MB = 1024 * 1024;

    private final SoftHeapLimit limit;
    private final IntSupplier movingCampaigns;
    private final LongSupplier clockMillis;
    private final LongSupplier allocatedBytes;
    private final double quietRatio;
    private final long quietBelowBytesPerSecond;
    private final long quietAfterMillis;
    private final long busyLimit;
    /** The clock and the bytes allocated so far at the last ticks, oldest first (ticker thread only). */
    private final long[][] window = new long[WINDOW_TICKS + 1][];
    private int windowSize;
    private volatile long applied;
    private long lastBusy;
    private boolean quiet;
    private ScheduledExecutorService ticker;

    @Autowired
    public QuietHeap(HeapProperties properties, WaveEngine engine, MeterRegistry meters) {
        this(SoftHeapLimit.ofThisJvm().orElse(null), engine::movingCampaigns, System::currentTimeMillis,
                allocatedBytes(), properties);
        if (active()) {
            Gauge.builder("flotilla.heap.soft.max", () -> applied).baseUnit("bytes")
                    .description("The collector's soft heap limit: lower while the replica is quiet")
                    .register(meters);
        }
    }

    QuietHeap(SoftHeapLimit limit, IntSupplier movingCampaigns, LongSupplier clockMillis, LongSupplier allocatedBytes,
            HeapProperties properties) {
        this.limit = limit;
        this.movingCampaigns = movingCampaigns;
        this.clockMillis = clockMillis;
        this.allocatedBytes = allocatedBytes;
        this.quietRatio = properties.quietSoftMaxRatio();
        this.quietBelowBytesPerSecond = properties.quietBelowAllocation().toBytes();
        this.quietAfterMillis = properties.quietAfter().toMillis();
        this.busyLimit = limit == null ? 0 : limit.get();
        this.applied = busyLimit;
        this.lastBusy = clockMillis.getAsLong();
    }

    /** Bytes the JVM's threads allocated so far (-1 where the JVM does not tell: then only campaigns count). */
    private static LongSupplier allocatedBytes() {
        if (java.lang.management.ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
                && threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled()) {
            return threads::getTotalThreadAllocatedBytes;
        }
        return () -> -1;
    }

    /** Whether this JVM's collector honours a soft limit and a quiet one below the start limit is configured. */
    boolean active() {
        return limit != null && quietRatio < 1.0;
    }

    /** The soft limit last set (the start limit until the fleet is first quiet), in bytes. */
    long applied() {
        return applied;
    }

    /** One look: a busy replica gets the start limit back, one quiet for long enough the quiet limit. */
    void tick() {
        long now = clockMillis.getAsLong();
        long rate = bytesPerSecondOverWindow(now, allocatedBytes.getAsLong());
        boolean moving = movingCampaigns.getAsInt() > 0;
        log.trace("Allocating {} MB/s, {} campaigns moving", rate / MB, moving ? "some" : "no");
        if (moving || rate >= quietBelowBytesPerSecond) {
            lastBusy = now;
            boolean wasQuiet = quiet;
            quiet = false;
            if (applied != busyLimit) { // retried at the next tick if the JVM refused it
                apply(busyLimit);
            }
            if (wasQuiet) {
                log.info("{}: the soft heap limit is back to {} MB", moving ? "A campaign is moving"
                        : "The replica allocates " + rate / MB + " MB/s", busyLimit / MB);
            }
            return;
        }
        if (now - lastBusy < quietAfterMillis) {
            return;
        }
        long live = limit.usedAfterLastCollection();
        long target = Math.min(busyLimit, Math.max((long) (busyLimit * quietRatio), (long) (live * LIVE_HEADROOM)));
        if (!quiet || Math.abs(target - applied) > busyLimit * STEP) {
            boolean first = !quiet;
            quiet = true;
            apply(target);
            if (first) {
                log.info("Quiet for {} s (no campaign moving, allocating {} MB/s): the soft heap limit is {} MB "
                        + "(start limit {} MB, heap in use after the last collection {} MB)", quietAfterMillis / 1000,
                        rate / MB, target / MB, busyLimit / MB, live / MB);
            } else {
                log.debug("Quiet soft heap limit now {} MB (heap in use after the last collection {} MB, allocating "
                        + "{} MB/s)", target / MB, live / MB, rate / MB);
            }
        }
    }

    /** Records this tick's reading; answers the bytes a second since the oldest one kept (0 until there are two). */
    private long bytesPerSecondOverWindow(long nowMillis, long allocated) {
        if (allocated < 0) {
            return 0;
        }
        if (windowSize == window.length) {
            System.arraycopy(window, 1, window, 0, window.length - 1);
            windowSize--;
        }
        window[windowSize++] = new long[] {nowMillis, allocated};
        long[] oldest = window[0];
        long millis = nowMillis - oldest[0];
        return millis <= 0 ? 0 : (allocated - oldest[1]) * 1000 / millis;
    }

    private void apply(long bytes) {
        try {
            limit.set(bytes);
            applied = bytes;
        } catch (RuntimeException e) {
            log.warn("Cannot set the soft heap limit to {} MB: {}", bytes / MB, e.toString());
        }
    }

    @Override
    public void start() {
        if (!active()) {
            log.debug("The soft heap limit is left alone: {}", limit == null
                    ? "the collector does not honour one" : "flotilla.heap.quiet-soft-max-ratio is 1");
            return;
        }
        ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "quiet-heap");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleWithFixedDelay(() -> {
            try {
                tick();
            } catch (RuntimeException e) {
                log.warn("Soft heap limit check failed: {}", e.toString());
            }
        }, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
    }

    @Override
    public boolean isRunning() {
        return ticker != null;
    }
}
