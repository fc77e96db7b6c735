package dev.flotilla.meta.agentgateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * The long poll's meters: {@code flotilla.agent.polls} by outcome, {@code flotilla.agent.poll.latency}
 * from request to answer, and {@code flotilla.agent.polls.waiting}, the polls parked right now.
 */
final class PollMetrics {

    /** How a poll was answered. */
    enum Outcome {
        /** newer work than the agent's generation: at once, when woken, or found when the wait ran out */
        WORK,
        /** the wait ran out with nothing new (204) */
        TIMEOUT
    }

    private final Counter work;
    private final Counter timeout;
    private final Timer latency;

    PollMetrics(MeterRegistry meters, WaitingPolls waiting) {
        work = polls(meters, "work");
        timeout = polls(meters, "timeout");
        latency = Timer.builder("flotilla.agent.poll.latency")
                .description("Time from a work poll's request to its answer").register(meters);
        Gauge.builder("flotilla.agent.polls.waiting", waiting, WaitingPolls::size)
                .description("Work polls parked, waiting for work or their timeout").register(meters);
    }

    void answered(Outcome outcome, long startNanos) {
        (outcome == Outcome.WORK ? work : timeout).increment();
        latency.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    private static Counter polls(MeterRegistry meters, String outcome) {
        return Counter.builder("flotilla.agent.polls").tag("outcome", outcome)
                .description("Work polls answered").register(meters);
    }
}
