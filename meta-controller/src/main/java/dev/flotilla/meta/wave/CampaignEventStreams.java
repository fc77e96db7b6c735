package dev.flotilla.meta.wave;

import dev.flotilla.meta.web.FlotillaException;
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
 * Server-sent event streams of a campaign's history (a rollout's, an upgrade campaign's): each stream first
 * catches up from the event table after the client's last seen seq, then is poked by the in-process fan-out (and
 * its one-second sweep) and reads on. Once the campaign has settled ({@link Campaigns#settled}) and every event
 * is sent, the stream ends. Callers check that the campaign exists and that the caller may see it first.
 */
@Component
public class CampaignEventStreams {

    private static final long TIMEOUT_MILLIS = Duration.ofMinutes(30).toMillis();
    private static final int PAGE = 500;

    private final Campaigns campaigns;
    private final EventFanOut fanOut;
    private final ExecutorService senders = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "campaign-event-stream");
        t.setDaemon(true);
        return t;
    });

    CampaignEventStreams(Campaigns campaigns, EventFanOut fanOut) {
        this.campaigns = campaigns;
        this.fanOut = fanOut;
    }

    /**
     * Opens a stream of the campaign's events after the client's last seen seq: the {@code Last-Event-ID} an
     * event source resends on reconnecting wins over the {@code after} parameter; neither means from the start.
     */
    public SseEmitter open(long campaignId, String lastEventId, Long after) {
        return open(campaignId, lastEventId != null && !lastEventId.isBlank() ? seq(lastEventId)
                : after == null ? 0 : after);
    }

    /** An event seq sent back by a client (a cursor, a Last-Event-ID); a 400 naming it when it is not one. */
    public static long seq(String cursor) {
        try {
            return Long.parseLong(cursor.strip());
        } catch (NumberFormatException e) {
            throw FlotillaException.badInput("cursor '" + cursor + "' is not an event seq").with("field", "cursor");
        }
    }

    private SseEmitter open(long campaignId, long afterSeq) {
        SseEmitter emitter = new SseEmitter(TIMEOUT_MILLIS);
        Stream stream = new Stream(campaignId, emitter, afterSeq);
        AutoCloseable subscription = fanOut.subscribe(campaignId, stream::poke);
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
            emitter.send(SseEmitter.event().comment("campaign " + campaignId));
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
        private final long campaignId;
        private final SseEmitter emitter;
        private final AtomicBoolean draining = new AtomicBoolean();
        private final AtomicBoolean dirty = new AtomicBoolean();
        private volatile long lastSeq;
        private volatile boolean closed;

        Stream(long campaignId, SseEmitter emitter, long afterSeq) {
            this.campaignId = campaignId;
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
            boolean settled = campaigns.settled(campaignId);
            List<CampaignEvent> events;
            do {
                events = campaigns.events(campaignId, lastSeq, PAGE);
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
