package dev.flotilla.sim.bench;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.LoggerFactory;

/**
 * Counts the simulated agents whose work poll timed out at their HTTP client: each agent logs once, when a call first
 * fails after a reachable spell ({@code ResilientCalls}: "meta-controller unreachable ... GET /agent/v1/work ...
 * request timed out"), then polls again with backoff. During a rollout that is an answer the simulator's threads did
 * not read within the poll's time (the meta-controller answered it, {@link WorkAnswerSampler}).
 */
final class PollTimeouts extends AppenderBase<ILoggingEvent> {

    static final String LOGGER = "dev.flotilla.agent.hub.ResilientCalls";
    private final AtomicLong count = new AtomicLong();

    static final String NAME = "bench-poll-timeouts";

    /** The one counter of this JVM, listening on the agents' call logger from its first call on. */
    static synchronized PollTimeouts attach() {
        if (!(LoggerFactory.getLogger(LOGGER) instanceof Logger logger)) {
            return new PollTimeouts();
        }
        if (logger.getAppender(NAME) instanceof PollTimeouts attached) {
            return attached;
        }
        PollTimeouts appender = new PollTimeouts();
        appender.setName(NAME);
        appender.setContext(logger.getLoggerContext());
        appender.start();
        logger.addAppender(appender);
        return appender;
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (matches(event.getFormattedMessage())) {
            count.incrementAndGet();
        }
    }

    static boolean matches(String message) {
        return message != null && message.contains("GET /agent/v1/work") && message.contains("timed out");
    }

    long count() {
        return count.get();
    }
}
