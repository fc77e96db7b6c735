package dev.flotilla.sim.bench;

import dev.flotilla.agent.AgentRuntime;
import dev.flotilla.api.agent.AgentProtocol;
import dev.flotilla.sim.fleet.SimulatedAgent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The no-op ceiling: how many requests per second the meta-controller answers on its cheapest authenticated agent
 * call ({@code GET /agent/v1/ping}, 204, no database), sent by the agents' own HTTP client with each agent's token,
 * one request in flight per agent (as each agent has at most one status report in flight), for a fixed time. A
 * status report costs at least this much; the ratio of reports absorbed per second to this ceiling is how close
 * the report path runs to what the web stack alone allows.
 */
final class NoopCeiling {

    /**
     * What a closed loop measured: answered requests (all of them, for the CPU per request), those answered within
     * the window, failed ones, the window's length, how long after the window its last request was answered, and
     * how many were in flight. The rate counts only the answers within the window: a request still in flight when
     * the window closes is answered after it, and a slow one must not stretch the window the rate is taken over
     * (it is reported on its own, as {@code drainSeconds}).
     */
    record Result(long answered, long inWindow, long failed, double seconds, double drainSeconds, int concurrency) {
        double perSecond() {
            return inWindow / seconds;
        }

        long late() {
            return answered - inWindow;
        }
    }

    /** One agent's closed loop: its HTTP client and its next request. */
    record Caller(HttpClient http, Supplier<HttpRequest> request) {
    }

    private final AgentRuntime runtime;

    NoopCeiling(AgentRuntime runtime) {
        this.runtime = runtime;
    }

    /** The HTTP client the agent uses. */
    HttpClient http(SimulatedAgent agent) {
        return runtime.http(agent.name());
    }

    /** Every agent (at most {@code concurrency}) pings in a closed loop for {@code duration}. */
    Result run(List<SimulatedAgent> agents, List<URI> hubs, Duration duration, int concurrency)
            throws InterruptedException {
        List<Caller> requests = new ArrayList<>();
        for (int i = 0; i < agents.size() && requests.size() < concurrency; i++) {
            int index = i;
            SimulatedAgent agent = agents.get(i);
            agent.agentToken().ifPresent(token -> {
                HttpRequest ping = HttpRequest.newBuilder(hubs.get(index % hubs.size()).resolve("/agent/v1/ping"))
                        .header("Authorization", "Bearer " + token).header(AgentProtocol.HEADER, AgentProtocol.VERSION)
                        .timeout(Duration.ofSeconds(30)).GET().build();
                requests.add(new Caller(http(agent), () -> ping));
            });
        }
        return closedLoop(requests, duration);
    }

    /**
     * Sends each caller's requests one after the other (one in flight per caller) until {@code duration} is
     * over, then waits for the requests still in flight; a 204 counts as answered, anything else as failed.
     */
    static Result closedLoop(List<Caller> requests, Duration duration) throws InterruptedException {
        Tally tally = new Tally(new CountDownLatch(requests.size()));
        long began = System.nanoTime();
        long end = began + duration.toNanos();
        for (Caller request : requests) {
            loop(request, end, tally);
        }
        tally.loops().await(duration.toSeconds() + 60, TimeUnit.SECONDS);
        long last = tally.lastAnswer().get();
        double drain = last == Long.MIN_VALUE || last <= end ? 0 : (last - end) / 1e9;
        return new Result(tally.answered().get(), tally.inWindow().get(), tally.failed().get(),
                duration.toNanos() / 1e9, drain, requests.size());
    }

    /** A closed loop's counts while it runs. */
    private record Tally(AtomicLong answered, AtomicLong inWindow, AtomicLong failed, AtomicLong lastAnswer,
            CountDownLatch loops) {
        Tally(CountDownLatch loops) {
            this(new AtomicLong(), new AtomicLong(), new AtomicLong(), new AtomicLong(Long.MIN_VALUE), loops);
        }
    }

    private static void loop(Caller caller, long end, Tally tally) {
        if (System.nanoTime() >= end) {
            tally.loops().countDown();
            return;
        }
        caller.http().sendAsync(caller.request().get(), HttpResponse.BodyHandlers.discarding())
                .whenComplete((response, error) -> {
                    long now = System.nanoTime();
                    if (error == null && response.statusCode() == 204) {
                        tally.answered().incrementAndGet();
                        if (now < end) {
                            tally.inWindow().incrementAndGet();
                        }
                    } else {
                        tally.failed().incrementAndGet();
                    }
                    tally.lastAnswer().accumulateAndGet(now, Math::max);
                    loop(caller, end, tally);
                });
    }
}
