package dev.flotilla.meta.notify;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Sends due deliveries, on every replica: a loop claims as many as it has free slots ({@link Deliveries#claim}),
 * each is POSTed ({@link WebhookSender}) on a bounded pool of sender threads, and its outcome is written under
 * its claim: delivered, tried again after a jittered backoff, or failed once its attempts are spent. A finished
 * delivery wakes the loop at once, so a hook's next event follows without waiting for the poll interval. On stop
 * the loop ends, in-flight sends get {@code shutdownGrace} to finish, and the rest are handed back for any replica
 * to send again.
 */
@Component
class WebhookDeliverer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookDeliverer.class);
    private static final Duration RETENTION_SWEEP = Duration.ofMinutes(10);

    private final Deliveries deliveries;
    private final WebhookPayloads payloads;
    private final WebhookProperties properties;
    private final Clock clock;
    private final Backoff backoff;
    private final Semaphore slots;
    private final Semaphore wake = new Semaphore(0);
    private final Set<Delivery> inFlight = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private Thread loop;
    private ExecutorService senders;
    private volatile WebhookSender sender;
    private long nextRetentionSweep;
    private final Counter delivered;
    private final Counter retried;
    private final Counter failed;
    private final Timer latency;

    WebhookDeliverer(Deliveries deliveries, WebhookPayloads payloads, WebhookProperties properties, Clock clock,
            MeterRegistry meters) {
        this.deliveries = deliveries;
        this.payloads = payloads;
        this.properties = properties;
        this.clock = clock;
        this.backoff = properties.backoff();
        this.slots = new Semaphore(properties.concurrency());
        this.delivered = attempts(meters, "delivered");
        this.retried = attempts(meters, "retry");
        this.failed = attempts(meters, "failed");
        this.latency = Timer.builder("flotilla.webhook.attempt.latency")
                .description("From sending a webhook attempt to its answer, or to its failure").register(meters);
    }

    private static Counter attempts(MeterRegistry meters, String outcome) {
        return Counter.builder("flotilla.webhook.attempts").tag("outcome", outcome)
                .description("Webhook delivery attempts by outcome: delivered, retry (tried again later) or failed "
                        + "(attempts spent)").register(meters);
    }

    @Override
    public synchronized void start() {
        senders = Executors.newFixedThreadPool(properties.concurrency(), daemon("webhook-sender"));
        sender = new WebhookSender(payloads, properties, clock);
        nextRetentionSweep = System.nanoTime();
        running = true;
        loop = daemon("webhook-deliverer").newThread(this::run);
        loop.start();
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        wake.release();
        try {
            loop.join(properties.shutdownGrace().toMillis() + 1000);
            senders.shutdown();
            if (!senders.awaitTermination(properties.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                senders.shutdownNow();
                senders.awaitTermination(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Delivery> unfinished = List.copyOf(inFlight);
        try {
            int released = deliveries.release(unfinished);
            if (released > 0) {
                log.info("Stopping: handed back {} webhook deliveries still in flight; they will be sent again",
                        released);
            }
        } catch (RuntimeException e) {
            log.warn("Stopping: could not hand back {} webhook deliveries (sent again once their lease ends): {}",
                    unfinished.size(), e.getMessage());
        }
    }

    /** Looks for due deliveries now instead of at the next poll. */
    void poke() {
        wake.release();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        while (running) {
            try {
                claimAndSend();
                sweepRetention();
            } catch (RuntimeException e) {
                log.warn("Webhook delivery pass failed, trying again in {}: {}", properties.pollInterval(),
                        e.getMessage());
            }
            try {
                if (wake.tryAcquire(properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS)) {
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Claims while there are free slots and due deliveries. */
    private void claimAndSend() {
        while (running) {
            int free = slots.availablePermits();
            if (free == 0) {
                return;
            }
            List<Delivery> claimed = deliveries.claim(free, properties.lease());
            if (claimed.isEmpty()) {
                return;
            }
            for (Delivery d : claimed) {
                slots.acquireUninterruptibly();
                inFlight.add(d);
                senders.execute(() -> {
                    boolean interrupted = false;
                    try {
                        interrupted = !send(d);
                    } catch (RuntimeException e) {
                        log.warn("Webhook {}: could not record the outcome of event {} (sent again once its lease "
                                + "ends): {}", d.hookName(), d.eventId(), e.getMessage());
                    } finally {
                        if (!interrupted) {
                            inFlight.remove(d);
                        }
                        slots.release();
                        wake.release();
                    }
                });
            }
        }
    }

    /**
     * One attempt and its outcome; false when it was interrupted (the replica stops): it stays in flight, to be
     * handed back.
     */
    private boolean send(Delivery d) {
        WebhookSender.Outcome outcome;
        long start = System.nanoTime();
        try {
            outcome = sender.post(d);
            latency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        settle(d, outcome);
        return true;
    }

    private void settle(Delivery d, WebhookSender.Outcome outcome) {
        boolean kept;
        if (outcome.error() == null) {
            kept = deliveries.delivered(d, outcome.status());
            delivered.increment();
            log.debug("Webhook {}: event {} ({}) delivered on attempt {}", d.hookName(), d.eventId(), d.type(),
                    d.attempt());
        } else if (d.attempt() >= properties.maxAttempts()) {
            kept = deliveries.failed(d, outcome.status(), outcome.error(), null);
            failed.increment();
            log.warn("Webhook {}: event {} ({}) of campaign {} failed after {} attempts, giving up: {}",
                    d.hookName(), d.eventId(), d.type(), d.campaignId(), d.attempt(), outcome.error());
        } else {
            Duration wait = backoff.delay(d.attempt(), ThreadLocalRandom.current());
            kept = deliveries.failed(d, outcome.status(), outcome.error(), wait);
            retried.increment();
            log.info("Webhook {}: event {} ({}) attempt {} failed, next in {} ms: {}", d.hookName(), d.eventId(),
                    d.type(), d.attempt(), wait.toMillis(), outcome.error());
        }
        if (!kept) {
            log.info("Webhook {}: event {} was claimed again after its lease ran out (or the hook was deleted); "
                    + "this attempt's outcome is dropped", d.hookName(), d.eventId());
        }
    }

    private void sweepRetention() {
        long now = System.nanoTime();
        if (now - nextRetentionSweep < 0) {
            return;
        }
        nextRetentionSweep = now + RETENTION_SWEEP.toNanos();
        int forgotten;
        do {
            forgotten = deliveries.forget(properties.retention(), 10_000);
            if (forgotten > 0) {
                log.info("Dropped {} webhook deliveries older than {} from the delivery log", forgotten,
                        properties.retention());
            }
        } while (forgotten == 10_000 && running);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

}
