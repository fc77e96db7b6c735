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

    /** What the ceiling measured: answered requests, failed ones, over how long, with how many in flight. */
    record Result(long answered, long failed, double seconds, int concurrency) {
        double perSecond() {
            return answered / seconds;
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
     * over; a 204 counts as answered, anything else as failed.
     */
    Result closedLoop(List<Caller> requests, Duration duration) throws InterruptedException {
        AtomicLong answered = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        CountDownLatch loops = new CountDownLatch(requests.size());
        long began = System.nanoTime();
        long end = began + duration.toNanos();
        for (Caller request : requests) {
            loop(request, end, answered, failed, loops);
        }
        loops.await(duration.toSeconds() + 60, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - began) / 1e9;
        return new Result(answered.get(), failed.get(), seconds, requests.size());
    }

    private void loop(Caller caller, long end, AtomicLong answered, AtomicLong failed, CountDownLatch loops) {
        if (System.nanoTime() >= end) {
            loops.countDown();
            return;
        }
        caller.http().sendAsync(caller.request().get(), HttpResponse.BodyHandlers.discarding())
                .whenComplete((response, error) -> {
                    if (error == null && response.statusCode() == 204) {
                        answered.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                    }
                    loop(caller, end, answered, failed, loops);
                });
    }
}
