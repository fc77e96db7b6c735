package dev.flotilla.meta.agentgateway;

import dev.flotilla.api.agent.WorkResponse;
import dev.flotilla.meta.agentgateway.PollMetrics.Outcome;
import dev.flotilla.meta.cluster.AgentCaller;
import dev.flotilla.meta.web.FlotillaException;
import dev.flotilla.meta.web.ProblemDetails;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Service;

/**
 * The work long poll. A poll whose agent is behind is answered at once; any other is parked (no thread
 * held) until a signal or sweep moves its cluster's generation past the agent's, or until its deadline,
 * which one scheduler thread fires. Woken answers are built on a few answer threads.
 */
@Service
class WorkPolls implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WorkPolls.class);
    /** The container's own async timeout (the controller's) is only a backstop behind the scheduler's deadline. */
    static final long CONTAINER_GRACE_MILLIS = 15_000;

    /** Polls whose wait ran out within this time are answered together (one generation read for all). */
    static final long TIMEOUT_BATCH_MILLIS = 100;

    private final WaitingPolls waiting = new WaitingPolls();
    private final Queue<WaitingPoll> timedOut = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean timeoutDrainScheduled = new AtomicBoolean();
    private final WorkGenerations generations;
    private final WorkAnswers answers;
    private final Heartbeats heartbeats;
    private final GatewayExecutors executors;
    private final PollMetrics metrics;
    private volatile boolean accepting = true;

    WorkPolls(WorkGenerations generations, WorkAnswers answers, Heartbeats heartbeats, GatewayExecutors executors,
            MeterRegistry meters) {
        this.generations = generations;
        this.answers = answers;
        this.heartbeats = heartbeats;
        this.executors = executors;
        this.metrics = new PollMetrics(meters, waiting);
    }

    /** Answers the agent's poll when its cluster's generation passes {@code generation} or the wait ends. */
    CompletableFuture<ResponseEntity<?>> poll(AgentCaller agent, long generation, int timeoutSeconds) {
        long start = System.nanoTime();
        heartbeats.beat(agent.clusterId());
        var result = new CompletableFuture<ResponseEntity<?>>();
        if (!accepting) {
            result.complete(shuttingDown());
            return result;
        }
        long current = currentGeneration(agent);
        if (current > generation) {
            result.complete(ResponseEntity.ok(answers.answer(agent.clusterId(), current)));
            metrics.answered(Outcome.WORK, start);
            return result;
        }
        park(new WaitingPoll(agent, generation, start, result), timeoutSeconds);
        return result;
    }

    private void park(WaitingPoll poll, int timeoutSeconds) {
        waiting.park(poll);
        // cancelled when the connection broke or the container gave up on it (AgentAnswers)
        poll.result().whenComplete((answer, failure) -> abandon(poll));
        poll.deadline(executors.timeouts().schedule(() -> timeOut(poll), timeoutSeconds, TimeUnit.SECONDS));
        // a signal that moved the generation between the first read and the park found no poll to wake
        long current = currentGeneration(poll.agent());
        if (current > poll.generation()) {
            wake(Map.of(poll.clusterId(), current));
        }
    }

    /**
     * Answers the parked polls of these clusters whose agents are behind the given generations: in groups of up to
     * {@link #ANSWER_GROUP}, each group's work lists read with one query on an answer thread.
     */
    void wake(Map<Long, Long> generationsByCluster) {
        List<Woken> group = new ArrayList<>();
        generationsByCluster.forEach((clusterId, generation) -> {
            for (WaitingPoll poll : waiting.takeOlderThan(clusterId, generation)) {
                if (poll.claim()) {
                    group.add(new Woken(poll, generation));
                }
            }
        });
        for (int from = 0; from < group.size(); from += ANSWER_GROUP) {
            List<Woken> part = List.copyOf(group.subList(from, Math.min(group.size(), from + ANSWER_GROUP)));
            executors.answers().execute(() -> answerAll(part));
        }
    }

    /** Woken polls answered together at most (one query for their work lists). */
    static final int ANSWER_GROUP = 200;

    /** A claimed poll and the generation to answer it with. */
    private record Woken(WaitingPoll poll, long generation) {
    }

    /** Answers these polls with their work (counted as work, whether woken or found when their wait ran out). */
    private void answerAll(List<Woken> woken) {
        if (woken.size() == 1) {
            answer(woken.get(0).poll(), woken.get(0).generation());
            return;
        }
        Map<Long, Long> generations = new java.util.HashMap<>();
        woken.forEach(w -> generations.merge(w.poll().clusterId(), w.generation(), Math::max));
        Map<Long, WorkResponse> work;
        try {
            work = answers.answers(generations);
        } catch (RuntimeException e) {
            log.warn("Cannot answer {} work polls: {}", woken.size(), e.toString());
            woken.forEach(w -> w.poll().result().complete(problem(503, "unavailable", "Dependency unavailable",
                    "the cluster's work cannot be read right now; poll again")));
            return;
        }
        for (Woken w : woken) {
            WorkResponse answer = work.get(w.poll().clusterId());
            // the list was read once for the cluster's highest generation: never older than the poll's
            w.poll().result().complete(ResponseEntity.ok(answer));
            metrics.answered(Outcome.WORK, w.poll().startNanos());
        }
    }

    int waitingCount() {
        return waiting.size();
    }

    /**
     * A poll's wait ran out. Its generation is read once more (a change every signal and sweep missed still
     * arrives), together with those of every other poll that ran out in the same {@link #TIMEOUT_BATCH_MILLIS}:
     * at 10,000 agents and 50 s polls that is one query per batch instead of two hundred a second.
     */
    private void timeOut(WaitingPoll poll) {
        if (poll.claim()) {
            waiting.remove(poll);
            timedOut.add(poll);
            if (timeoutDrainScheduled.compareAndSet(false, true)) {
                executors.timeouts().schedule(() -> executors.answers().execute(this::answerTimedOut),
                        TIMEOUT_BATCH_MILLIS, TimeUnit.MILLISECONDS);
            }
        }
    }

    private void answerTimedOut() {
        timeoutDrainScheduled.set(false);
        List<WaitingPoll> batch = new ArrayList<>();
        for (WaitingPoll p = timedOut.poll(); p != null; p = timedOut.poll()) {
            batch.add(p);
        }
        if (batch.isEmpty()) {
            return;
        }
        Map<Long, Long> current;
        try {
            current = generations.refresh(batch.stream().map(WaitingPoll::clusterId).distinct().toList());
        } catch (RuntimeException e) {
            log.warn("Cannot read the work generations of {} timed-out polls: {}", batch.size(), e.toString());
            batch.forEach(p -> p.result().complete(problem(503, "unavailable", "Dependency unavailable",
                    "the cluster's work cannot be read right now; poll again")));
            return;
        }
        List<Woken> changed = new ArrayList<>();
        for (WaitingPoll p : batch) {
            long generation = current.getOrDefault(p.clusterId(), p.generation());
            if (generation > p.generation()) {
                changed.add(new Woken(p, generation));
            } else {
                // nothing changed: the agent holds this generation's work already, so no list is read or sent
                p.result().complete(ResponseEntity.noContent().build());
                metrics.answered(Outcome.TIMEOUT, p.startNanos());
            }
        }
        for (int from = 0; from < changed.size(); from += ANSWER_GROUP) {
            answerAll(changed.subList(from, Math.min(changed.size(), from + ANSWER_GROUP)));
        }
    }

    private void answer(WaitingPoll poll, long generation) {
        try {
            WorkResponse work = answers.answer(poll.clusterId(), generation);
            poll.result().complete(ResponseEntity.ok(work));
            metrics.answered(Outcome.WORK, poll.startNanos());
        } catch (RuntimeException e) {
            log.warn("Cannot answer the work poll of cluster {}: {}", poll.agent().cluster(), e.toString());
            poll.result().complete(problem(503, "unavailable", "Dependency unavailable",
                    "the cluster's work cannot be read right now; poll again"));
        }
    }

    /** The client went away or the container gave up: forget the poll without answering it. */
    private void abandon(WaitingPoll poll) {
        if (poll.claim()) {
            waiting.remove(poll);
        }
    }

    private long currentGeneration(AgentCaller agent) {
        return generations.current(agent.clusterId())
                .orElseThrow(() -> FlotillaException.notFound("cluster", agent.cluster()));
    }

    private static ResponseEntity<?> shuttingDown() {
        return problem(503, "unavailable", "Shutting down",
                "this meta-controller is shutting down; poll again");
    }

    private static ResponseEntity<?> problem(int status, String type, String title, String detail) {
        return ResponseEntity.status(status).header("Retry-After", "1")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemDetails.of(status, type, title, detail));
    }

    @Override
    public void start() {
        accepting = true;
    }

    /** Answers every parked poll before the web server drains, so agents reconnect (to another replica). */
    @Override
    public void stop() {
        accepting = false;
        List<WaitingPoll> parked = waiting.takeAll();
        parked.stream().filter(WaitingPoll::claim).forEach(poll -> poll.result().complete(shuttingDown()));
        // timed out and not answered yet: already claimed, answered here unless the batch got to them first
        for (WaitingPoll p = timedOut.poll(); p != null; p = timedOut.poll()) {
            p.result().complete(shuttingDown());
        }
        if (!parked.isEmpty()) {
            log.info("Answered {} waiting work polls at shutdown so their agents reconnect", parked.size());
        }
    }

    @Override
    public boolean isRunning() {
        return accepting;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
