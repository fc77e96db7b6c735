package dev.flotilla.meta.wave;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Drives every moving campaign. A campaign is advanced when something wakes it (a status report, a control,
 * its own previous pass) and on a one-second tick, which serves timers (soak), clusters coming back, and
 * campaigns other replicas woke. All state is in PostgreSQL: a restarted engine simply carries on.
 */
@Component
public class WaveEngine implements SmartLifecycle {

    static final long TICK_MILLIS = 1000;
    /**
     * A campaign woken by status reports passes at most this often: each pass counts the campaign's targets, and
     * at thousands of reports a second a pass per report batch would keep the engine counting 10,000 rows back to
     * back. Reports arriving meanwhile are all seen by the next pass. A large campaign whose targets are all in
     * flight waits longer ({@link CampaignStep#reportPassMillis}).
     */
    static final long REPORT_PASS_MILLIS = 200;
    private static final Logger log = LoggerFactory.getLogger(WaveEngine.class);

    private final CampaignStep step;
    private final CampaignRows campaigns;
    private final LinkedBlockingQueue<Long> queue = new LinkedBlockingQueue<>();
    private final Set<Long> queued = ConcurrentHashMap.newKeySet();
    private final AtomicLong passes = new AtomicLong();
    private final AtomicLong ticks = new AtomicLong();
    /**
     * Campaigns with reports since their last pass, and when reports may bring each one's next pass (engine thread
     * only): its last pass's start plus what that pass asked for.
     */
    private final Set<Long> reported = ConcurrentHashMap.newKeySet();
    private final java.util.Map<Long, Long> reportPassDue = new java.util.HashMap<>();
    private volatile int moving;
    private volatile Thread thread;
    private volatile boolean running;

    WaveEngine(CampaignStep step, CampaignRows campaigns) {
        this.step = step;
        this.campaigns = campaigns;
    }

    /** Asks for a pass over the campaign soon (once, however often it is woken meanwhile). */
    public void wake(long campaignId) {
        if (queued.add(campaignId)) {
            queue.add(campaignId);
        }
    }

    /**
     * Wakes the campaign for reports once the current transaction commits: its next pass comes
     * {@link #REPORT_PASS_MILLIS} (or what its last pass asked for, {@link CampaignStep#reportPassMillis}) after its
     * last one began at the earliest, however many reports arrive meanwhile.
     */
    public void wakeForReportsAfterCommit(long campaignId) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            reported.add(campaignId);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                reported.add(campaignId);
            }
        });
    }

    /** Wakes the campaign once the current transaction commits (at once without one). */
    public void wakeAfterCommit(long campaignId) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            wake(campaignId);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                wake(campaignId);
            }
        });
    }

    /** How many campaign passes this engine made. */
    public long passes() {
        return passes.get();
    }

    /** How many campaigns were moving (running or rolling back, on any replica) at this engine's last tick. */
    public int movingCampaigns() {
        return moving;
    }

    /** How many one-second ticks this engine made; lets tests wait for the engine to have looked again. */
    public long ticks() {
        return ticks.get();
    }

    private void loop() {
        long nextTick = 0;
        while (running) {
            try {
                long now = System.currentTimeMillis();
                if (now >= nextTick) {
                    nextTick = now + TICK_MILLIS;
                    List<Long> ids = campaigns.moving();
                    moving = ids.size();
                    ids.forEach(this::wake);
                    ticks.incrementAndGet();
                }
                long reportsDue = wakeReported(now);
                Long id = queue.poll(Math.max(1, Math.min(nextTick, reportsDue) - now), TimeUnit.MILLISECONDS);
                if (id != null) {
                    queued.remove(id);
                    pass(id);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (running) {
                    log.warn("Wave engine tick failed; retrying on the next tick", e);
                }
            }
        }
    }

    /** Wakes the reported campaigns whose last pass is old enough; answers when the next one is due. */
    private long wakeReported(long now) {
        long due = now + REPORT_PASS_MILLIS;
        for (Long id : reported) {
            long at = reportPassDue.getOrDefault(id, 0L);
            if (at <= now) {
                reported.remove(id);
                wake(id);
            } else {
                due = Math.min(due, at);
            }
        }
        return due;
    }

    private void pass(long id) {
        long began = System.currentTimeMillis();
        if (reportPassDue.size() > 10_000) {
            reportPassDue.clear();
        }
        reportPassDue.put(id, began + REPORT_PASS_MILLIS);
        try {
            CampaignStep.Pass pass = step.advance(id);
            reportPassDue.put(id, began + pass.reportPassMillis());
            passes.incrementAndGet();
            if (pass.again()) {
                wake(id);
            }
        } catch (RuntimeException e) {
            passes.incrementAndGet();
            if (running) {
                log.warn("Pass over campaign {} failed; retrying on the next tick", id, e);
            }
        }
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::loop, "wave-engine");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
