package dev.flotilla.meta.agentgateway;

import dev.flotilla.meta.cluster.AgentCaller;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.http.ResponseEntity;

/**
 * One agent's work poll parked until its cluster's generation passes the agent's or its deadline comes.
 * Exactly one of wake, timeout, shutdown or disconnect claims it; the others then leave it alone.
 */
final class WaitingPoll {

    private final AgentCaller agent;
    private final long generation;
    private final long startNanos;
    private final CompletableFuture<ResponseEntity<?>> result;
    private final AtomicBoolean claimed = new AtomicBoolean();
    private volatile ScheduledFuture<?> deadline;

    WaitingPoll(AgentCaller agent, long generation, long startNanos, CompletableFuture<ResponseEntity<?>> result) {
        this.agent = agent;
        this.generation = generation;
        this.startNanos = startNanos;
        this.result = result;
    }

    AgentCaller agent() {
        return agent;
    }

    long clusterId() {
        return agent.clusterId();
    }

    /** The generation the agent already has. */
    long generation() {
        return generation;
    }

    long startNanos() {
        return startNanos;
    }

    CompletableFuture<ResponseEntity<?>> result() {
        return result;
    }

    void deadline(ScheduledFuture<?> deadline) {
        this.deadline = deadline;
        if (claimed.get()) {
            // answered before its deadline was even set: do not leave the timer queued
            deadline.cancel(false);
        }
    }

    /** Takes the poll for answering; true only for the first caller. Cancels the pending deadline. */
    boolean claim() {
        if (!claimed.compareAndSet(false, true)) {
            return false;
        }
        ScheduledFuture<?> pending = deadline;
        if (pending != null) {
            pending.cancel(false);
        }
        return true;
    }

    boolean claimed() {
        return claimed.get();
    }
}
