package dev.flotilla.meta.agentgateway;

import dev.flotilla.meta.web.FlotillaException;
import dev.flotilla.meta.web.ProblemAdvice;
import dev.flotilla.meta.web.ProblemDetails;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Agent API answers completed straight on the servlet response, without Spring MVC's asynchronous dispatch. An
 * answer made later (a status report's group commit, a long poll woken or run out) would otherwise go through the
 * container's dispatch, the whole filter chain and the dispatcher servlet a second time: a flight recording of
 * status reports at saturation had 12% of the request threads' samples there, and the dispatch's path encoding was
 * 17% of the bytes the meta-controller allocated while 10,000 agents long-polled (docs/benchmarks.md). Bodies are
 * written with the application's JSON mapper, as Spring MVC's converter writes them; problems as
 * {@link ProblemDetails#write(HttpServletResponse, ProblemDetail)}, with the request's path as {@code instance}.
 *
 * <p>The {@link Filter}, ahead of every other filter on the agent API's deferred endpoints, holds one {@link Answer}
 * per request. A controller {@linkplain #answerWhenDone starts} the request asynchronously and hands it the
 * outcome; the answer is written, and the request completed, only once the container's thread has left every
 * filter of the first dispatch (filters touch the response on their way out: the security headers). An answer known
 * before that is written by the container's thread at the end of the filter chain; one known later by a request
 * thread of the connector ({@link AsyncContext#start}: no dispatch), never by the thread that made it (the status
 * writer, the poll answerers), which a slow agent's socket must not hold.
 */
final class AgentAnswers {

    private static final Logger log = LoggerFactory.getLogger(AgentAnswers.class);
    private static final String ATTRIBUTE = AgentAnswers.class.getName();

    private AgentAnswers() {
    }

    /**
     * Answers the request with {@code outcome}'s answer when it completes, or with the problem its failure maps
     * to ({@link ProblemAdvice#answerTo}); {@code timeoutMillis} bounds the wait, after which the answer is a 503
     * problem with {@code timeoutDetail} (a backstop: the outcome is bounded by its maker). When the container gives
     * up on the request (that timeout, a broken connection) the outcome is cancelled: its maker may stop waiting
     * for it (a parked poll leaves the waiting set). Only on a request that passed the {@link Filter}.
     */
    static void answerWhenDone(HttpServletRequest request, CompletableFuture<? extends ResponseEntity<?>> outcome,
            long timeoutMillis, String timeoutDetail) {
        Answer answer = (Answer) request.getAttribute(ATTRIBUTE);
        if (answer == null) {
            throw new IllegalStateException("no AgentAnswers.Filter on " + request.getRequestURI());
        }
        answer.start(request, outcome, timeoutMillis, timeoutDetail);
        outcome.whenComplete((done, failure) -> {
            // cancelled only once the container gave up on the request, which has its answer then
            if (!(failure instanceof CancellationException)) {
                answer.complete(failure == null ? done : ProblemAdvice.answerTo(failure));
            }
        });
    }

    /**
     * Answers a work poll with its outcome (the controller's and the {@link AgentFastLane}'s): the poll's own deadline
     * ({@code timeoutSeconds}) comes first, the container's timeout is a backstop behind it.
     */
    static void answerPoll(HttpServletRequest request, CompletableFuture<? extends ResponseEntity<?>> outcome,
            int timeoutSeconds) {
        answerWhenDone(request, outcome, TimeUnit.SECONDS.toMillis(timeoutSeconds) + WorkPolls.CONTAINER_GRACE_MILLIS,
                "the work poll was not answered in time; poll again");
    }

    /**
     * Answers a status report 204 once the status writer committed it (the controller's and the
     * {@link AgentFastLane}'s): the writer's own bound (a 503 after {@code commitWait}) comes first, the container's
     * timeout is a backstop behind it.
     */
    static void answerReports(HttpServletRequest request, CompletableFuture<?> committed, Duration commitWait) {
        answerWhenDone(request, committed.thenApply(done -> ResponseEntity.noContent().build()),
                commitWait.toMillis() * 2 + 5_000,
                "the status writer gave no answer in time; nothing is known to be applied: send the reports again "
                        + "after Retry-After (a report already applied changes nothing)");
    }

    /** One request's answer: written once the first dispatch has unwound and the outcome is known. */
    static final class Answer implements AsyncListener {

        private final HttpServletResponse response;
        private final String path;
        private final JsonMapper json;
        private AsyncContext async;
        private CompletableFuture<?> outcome;
        private String timeoutDetail;
        private ResponseEntity<?> pending;
        private boolean unwound;
        private boolean answered;

        Answer(HttpServletResponse response, String path, JsonMapper json) {
            this.response = response;
            this.path = path;
            this.json = json;
        }

        synchronized void start(HttpServletRequest request, CompletableFuture<?> outcome, long timeoutMillis,
                String timeoutDetail) {
            this.outcome = outcome;
            this.timeoutDetail = timeoutDetail;
            async = request.startAsync();
            async.setTimeout(timeoutMillis);
            async.addListener(this);
        }

        /**
         * The outcome is known: written on a request thread of the connector if the first dispatch has unwound,
         * else by the container's thread when it does.
         */
        void complete(ResponseEntity<?> answer) {
            complete(answer, false);
        }

        /** @param onContainerThread written on this thread (a container's callback: no new task may start then) */
        private void complete(ResponseEntity<?> answer, boolean onContainerThread) {
            AsyncContext started;
            synchronized (this) {
                if (answered) {
                    return;
                }
                answered = true;
                if (!unwound) {
                    pending = answer;
                    return;
                }
                started = async;
            }
            if (onContainerThread) {
                write(answer);
            } else {
                started.start(() -> write(answer));
            }
        }

        /** The container's thread left the filter chain: writes the answer if it came meanwhile. */
        void unwound() {
            ResponseEntity<?> answer;
            synchronized (this) {
                unwound = true;
                answer = pending;
                pending = null;
            }
            if (answer != null) {
                write(answer);
            }
        }

        private void write(ResponseEntity<?> answer) {
            try {
                response.setStatus(answer.getStatusCode().value());
                answer.getHeaders().forEach((name, values) -> values.forEach(v -> response.addHeader(name, v)));
                if (answer.getBody() instanceof ProblemDetail problem) {
                    // as Spring MVC's converter sets it
                    if (problem.getInstance() == null) {
                        problem.setInstance(URI.create(path));
                    }
                    ProblemDetails.write(response, problem);
                } else if (answer.getBody() != null) {
                    if (response.getContentType() == null) {
                        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
                    }
                    byte[] body = json.writeValueAsBytes(answer.getBody());
                    response.setContentLength(body.length);
                    response.getOutputStream().write(body);
                }
            } catch (IOException | RuntimeException e) {
                // the agent went away or the connection broke: it sends the same reports again
                log.debug("Could not answer {}: {}", path, e.toString());
            } finally {
                async.complete();
            }
        }

        /** The backstop ran out: answered on the container's thread (the container takes no new task now). */
        @Override
        public void onTimeout(AsyncEvent event) {
            String detail;
            synchronized (this) {
                detail = timeoutDetail;
            }
            giveUp(ProblemAdvice.answerTo(new FlotillaException(FlotillaException.Problem.UNAVAILABLE, detail)
                    .retryAfter(Duration.ofSeconds(1))));
        }

        @Override
        public void onComplete(AsyncEvent event) {
        }

        /** The connection broke while waiting: completed (the write fails quietly) rather than error-dispatched. */
        @Override
        public void onError(AsyncEvent event) {
            giveUp(ProblemAdvice.answerTo(new FlotillaException(FlotillaException.Problem.UNAVAILABLE,
                    "the connection failed while the answer was being made")));
        }

        /** The container gives up on the request: answered on its own thread, the outcome no longer awaited. */
        private void giveUp(ResponseEntity<?> answer) {
            complete(answer, true);
            CompletableFuture<?> awaited;
            synchronized (this) {
                awaited = outcome;
            }
            awaited.cancel(false);
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
        }
    }

    /** Holds each request's {@link Answer}; registered ahead of every other filter on the deferred endpoints. */
    static final class Filter extends OncePerRequestFilter {

        private final JsonMapper json;

        Filter(JsonMapper json) {
            this.json = json;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            Answer answer = new Answer(response, request.getRequestURI(), json);
            request.setAttribute(ATTRIBUTE, answer);
            try {
                chain.doFilter(request, response);
            } finally {
                answer.unwound();
            }
        }
    }
}
