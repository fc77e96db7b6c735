package dev.flotilla.meta.agentgateway;

import dev.flotilla.api.agent.WorkResponse;
import dev.flotilla.meta.agentgateway.PollMetrics.Outcome;
import dev.flotilla.meta.web.FlotillaException;
import dev.flotilla.meta.web.ProblemDetails;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Service;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * The work long poll. A poll whose agent is behind is answered at once; any other is parked (no thread
 * held) until a signal or sweep moves its cluster's generation past the agent's, or until its deadline,
 * which one scheduler thread fires. Woken answers are built on a few answer threads.
 */
@Service
class WorkPolls implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WorkPolls.class);
    /** The container's own async timeout is only a backstop behind the scheduler's deadline. */
    private static final long CONTAINER_GRACE_MILLIS = 15_000;

    private final WaitingPolls waiting = new WaitingPolls();
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
    DeferredResult<ResponseEntity<?>> poll(AgentCaller agent, long generation, int timeoutSeconds) {
        long start = System.nanoTime();
        heartbeats.beat(agent.clusterId());
        var result = new DeferredResult<ResponseEntity<?>>(
                TimeUnit.SECONDS.toMillis(timeoutSeconds) + CONTAINER_GRACE_MILLIS);
        if (!accepting) {
            result.setResult(shuttingDown());
            return result;
        }
        long current = currentGeneration(agent);
        if (current > generation) {
            result.setResult(ResponseEntity.ok(answers.answer(agent.clusterId(), current)));
            metrics.answered(Outcome.WORK, start);
            return result;
        }
        park(new WaitingPoll(agent, generation, start, result), timeoutSeconds);
        return result;
    }

    private void park(WaitingPoll poll, int timeoutSeconds) {
        waiting.park(poll);
        poll.result().onTimeout(() -> abandon(poll));
        poll.result().onError(error -> abandon(poll));
        poll.result().onCompletion(() -> abandon(poll));
        poll.deadline(executors.timeouts().schedule(() -> timeOut(poll), timeoutSeconds, TimeUnit.SECONDS));
        // a signal that moved the generation between the first read and the park found no poll to wake
        long current = currentGeneration(poll.agent());
        if (current > poll.generation()) {
            wake(Map.of(poll.clusterId(), current));
        }
    }

    /** Answers the parked polls of these clusters whose agents are behind the given generations. */
    void wake(Map<Long, Long> generationsByCluster) {
        generationsByCluster.forEach((clusterId, generation) -> {
            for (WaitingPoll poll : waiting.takeOlderThan(clusterId, generation)) {
                if (poll.claim()) {
                    executors.answers().execute(() -> answer(poll, Outcome.WORK, generation));
                }
            }
        });
    }

    int waitingCount() {
        return waiting.size();
    }

    private void timeOut(WaitingPoll poll) {
        if (poll.claim()) {
            waiting.remove(poll);
            executors.answers().execute(() -> {
                // the timeout answer re-reads the generation, so a change every sweep missed still arrives
                long generation = generations.refresh(List.of(poll.clusterId()))
                        .getOrDefault(poll.clusterId(), poll.generation());
                if (generation > poll.generation()) {
                    answer(poll, Outcome.TIMEOUT, generation);
                } else {
                    // nothing changed: the agent holds this generation's work already, so no list is read or sent
                    poll.result().setResult(ResponseEntity.noContent().build());
                    metrics.answered(Outcome.TIMEOUT, poll.startNanos());
                }
            });
        }
    }

    private void answer(WaitingPoll poll, Outcome outcome, long generation) {
        try {
            WorkResponse work = answers.answer(poll.clusterId(), generation);
            poll.result().setResult(ResponseEntity.ok(work));
            metrics.answered(outcome, poll.startNanos());
        } catch (RuntimeException e) {
            log.warn("Cannot answer the work poll of cluster {}: {}", poll.agent().cluster(), e.toString());
            poll.result().setResult(problem(503, "unavailable", "Dependency unavailable",
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
        parked.stream().filter(WaitingPoll::claim).forEach(poll -> poll.result().setResult(shuttingDown()));
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
