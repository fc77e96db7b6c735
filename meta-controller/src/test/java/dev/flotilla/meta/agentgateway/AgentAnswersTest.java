package dev.flotilla.meta.agentgateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.meta.web.FlotillaException;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockAsyncContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * An agent API answer is written on the response only once the first dispatch left every filter (their way out
 * touches the response), on whichever thread comes last, and the request is completed without a second dispatch.
 */
class AgentAnswersTest {

    /** What the container would run on a request thread of its connector ({@code AsyncContext.start}). */
    private final List<Runnable> onRequestThreads = new ArrayList<>();
    private final MockHttpServletRequest request = new MockHttpServletRequest("POST", "/agent/v1/status") {
        @Override
        public AsyncContext startAsync() {
            MockAsyncContext context = new MockAsyncContext(this, response) {
                @Override
                public void start(Runnable runnable) {
                    onRequestThreads.add(runnable);
                }
            };
            setAsyncStarted(true);
            setAsyncContext(context);
            return context;
        }
    };
    private final MockHttpServletResponse response = new MockHttpServletResponse();
    private final AgentAnswers.Filter filter = new AgentAnswers.Filter(JsonMapper.builder().build());

    AgentAnswersTest() {
        request.setAsyncSupported(true);
    }

    @Test
    void anAnswerKnownBeforeTheFiltersUnwoundIsWrittenAfterThem() throws Exception {
        AtomicReference<Integer> statusInsideTheChain = new AtomicReference<>();
        FilterChain chain = (req, res) -> {
            AgentAnswers.answerWhenDone((HttpServletRequest) req,
                    CompletableFuture.completedFuture(ResponseEntity.noContent().build()), 10_000, "late");
            // a filter on its way out may still set headers here: nothing is written yet
            statusInsideTheChain.set(response.getStatus());
            response.setHeader("X-Content-Type-Options", "nosniff");
        };

        filter.doFilter(request, response, chain);

        assertThat(statusInsideTheChain.get()).isEqualTo(200);
        assertThat(response.getStatus()).isEqualTo(204);
        assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(request.isAsyncStarted()).as("completed").isFalse();
        assertThat(request.getAsyncContext()).isNotNull();
    }

    @Test
    void anAnswerKnownLaterIsWrittenOnARequestThreadOfTheConnector() throws Exception {
        CompletableFuture<ResponseEntity<?>> commit = waitingFor("late");
        assertThat(request.isAsyncStarted()).as("waiting for the commit").isTrue();
        assertThat(response.getStatus()).isEqualTo(200);

        commit.complete(ResponseEntity.noContent().build());
        assertThat(response.getStatus()).as("not written by the thread that committed").isEqualTo(200);
        runOnRequestThreads();

        assertThat(response.getStatus()).isEqualTo(204);
        assertThat(request.isAsyncStarted()).isFalse();
    }

    private void runOnRequestThreads() {
        onRequestThreads.forEach(Runnable::run);
        onRequestThreads.clear();
    }

    record Body(String workId, long generation) {
    }

    @Test
    void aBodyIsWrittenAsJsonWithItsHeaders() throws Exception {
        CompletableFuture<ResponseEntity<?>> woken = waitingFor("late");

        woken.complete(ResponseEntity.ok().header("X-Flotilla-Test", "yes").body(new Body("w-1", 7)));
        runOnRequestThreads();

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentType()).isEqualTo("application/json");
        assertThat(response.getHeader("X-Flotilla-Test")).isEqualTo("yes");
        assertThat(response.getContentAsString()).isEqualTo("{\"workId\":\"w-1\",\"generation\":7}");
        assertThat(response.getContentLength()).isEqualTo(response.getContentAsByteArray().length);
        assertThat(request.isAsyncStarted()).isFalse();
    }

    @Test
    void aFailureIsAnsweredAsTheControllerAdviceWouldAnswerIt() throws Exception {
        CompletableFuture<ResponseEntity<?>> commit = waitingFor("late");

        commit.completeExceptionally(new FlotillaException(FlotillaException.Problem.OVERLOADED,
                "the status writer is overloaded").retryAfter(Duration.ofSeconds(3)));
        runOnRequestThreads();

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("3");
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        var body = JsonMapper.builder().build().readTree(response.getContentAsString());
        assertThat(body.path("status").asInt()).isEqualTo(503);
        assertThat(body.path("detail").asString()).isEqualTo("the status writer is overloaded");
        assertThat(body.path("type").asString()).endsWith("/overloaded");
        assertThat(body.path("instance").asString()).isEqualTo("/agent/v1/status");
        assertThat(request.isAsyncStarted()).isFalse();
    }

    @Test
    void noAnswerWithinTheBoundIsA503AndTheOutcomeIsNoLongerAwaited() throws Exception {
        CompletableFuture<ResponseEntity<?>> poll = waitingFor("no answer in time");

        ((MockAsyncContext) request.getAsyncContext()).getListeners()
                .forEach(listener -> {
                    try {
                        listener.onTimeout(new jakarta.servlet.AsyncEvent(request.getAsyncContext()));
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                });

        assertThat(onRequestThreads).as("written on the container's own thread").isEmpty();
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("1");
        assertThat(response.getContentAsString()).contains("no answer in time");
        assertThat(poll).as("cancelled: a parked poll leaves the waiting set").isCancelled();
    }

    /** A request that passed the filter and waits for the returned outcome. */
    private CompletableFuture<ResponseEntity<?>> waitingFor(String timeoutDetail) throws Exception {
        CompletableFuture<ResponseEntity<?>> outcome = new CompletableFuture<>();
        filter.doFilter(request, response, (req, res) -> AgentAnswers.answerWhenDone((HttpServletRequest) req,
                outcome, 10_000, timeoutDetail));
        return outcome;
    }
}
