package dev.flotilla.meta.rollout;

import dev.flotilla.meta.wave.CampaignEvent;
import dev.flotilla.meta.wave.Campaigns;
import dev.flotilla.meta.wave.EventFanOut;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-sent event streams of rollout history: each stream first catches up from the event table after the
 * client's last seen seq, then is poked by the in-process fan-out (and its one-second sweep) and reads on.
 * Once the rollout has settled (SUCCEEDED, ROLLED_BACK, FAILED) and every event is sent, the stream ends.
 */
@Component
class RolloutEventStreams {

    private static final long TIMEOUT_MILLIS = Duration.ofMinutes(30).toMillis();
    private static final int PAGE = 500;

    private final Campaigns campaigns;
    private final EventFanOut fanOut;
    private final ExecutorService senders = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "rollout-event-stream");
        t.setDaemon(true);
        return t;
    });

    RolloutEventStreams(Campaigns campaigns, EventFanOut fanOut) {
        this.campaigns = campaigns;
        this.fanOut = fanOut;
    }

    SseEmitter open(long rolloutId, long afterSeq) {
        SseEmitter emitter = new SseEmitter(TIMEOUT_MILLIS);
        Stream stream = new Stream(rolloutId, emitter, afterSeq);
        AutoCloseable subscription = fanOut.subscribe(rolloutId, stream::poke);
        Runnable close = () -> {
            stream.closed = true;
            try {
                subscription.close();
            } catch (Exception ignored) {
                // unsubscribing cannot fail
            }
        };
        emitter.onCompletion(close);
        emitter.onTimeout(close);
        emitter.onError(e -> close.run());
        try {
            // a comment first, so the client gets the response headers at once even when no event is new
            emitter.send(SseEmitter.event().comment("rollout " + rolloutId));
        } catch (IOException e) {
            close.run();
            emitter.completeWithError(e);
            return emitter;
        }
        stream.poke();
        return emitter;
    }

    @PreDestroy
    void stop() {
        senders.shutdownNow();
    }

    /** One client's stream; at most one drain runs at a time, and a poke during a drain triggers another. */
    private final class Stream {
        private final long rolloutId;
        private final SseEmitter emitter;
        private final AtomicBoolean draining = new AtomicBoolean();
        private final AtomicBoolean dirty = new AtomicBoolean();
        private volatile long lastSeq;
        private volatile boolean closed;

        Stream(long rolloutId, SseEmitter emitter, long afterSeq) {
            this.rolloutId = rolloutId;
            this.emitter = emitter;
            this.lastSeq = afterSeq;
        }

        void poke() {
            dirty.set(true);
            if (!closed && draining.compareAndSet(false, true)) {
                senders.execute(this::drain);
            }
        }

        private void drain() {
            try {
                while (dirty.getAndSet(false) && !closed) {
                    sendAll();
                }
            } catch (IOException | RuntimeException e) {
                closed = true;
                emitter.completeWithError(e);
            } finally {
                draining.set(false);
            }
            if (dirty.get() && !closed) {
                poke();
            }
        }

        private void sendAll() throws IOException {
            // read the state first: events written before it settled are then all in the reads below
            boolean settled = campaigns.settled(rolloutId);
            List<CampaignEvent> events;
            do {
                events = campaigns.events(rolloutId, lastSeq, PAGE);
                for (CampaignEvent event : events) {
                    emitter.send(SseEmitter.event().id(String.valueOf(event.seq()))
                            .data(event, MediaType.APPLICATION_JSON));
                    lastSeq = event.seq();
                }
            } while (events.size() == PAGE);
            if (settled) {
                closed = true;
                emitter.complete();
            }
        }
    }
}
