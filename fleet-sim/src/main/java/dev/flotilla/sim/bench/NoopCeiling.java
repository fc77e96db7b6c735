package dev.flotilla.sim.bench;

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

    private final HttpClient http;

    NoopCeiling(HttpClient http) {
        this.http = http;
    }

    /** Every agent (at most {@code concurrency}) pings in a closed loop for {@code duration}. */
    Result run(List<SimulatedAgent> agents, List<URI> hubs, Duration duration, int concurrency)
            throws InterruptedException {
        List<Supplier<HttpRequest>> requests = new ArrayList<>();
        for (int i = 0; i < agents.size() && requests.size() < concurrency; i++) {
            int index = i;
            agents.get(i).agentToken().ifPresent(token -> {
                HttpRequest ping = HttpRequest.newBuilder(hubs.get(index % hubs.size()).resolve("/agent/v1/ping"))
                        .header("Authorization", "Bearer " + token).header(AgentProtocol.HEADER, AgentProtocol.VERSION)
                        .timeout(Duration.ofSeconds(30)).GET().build();
                requests.add(() -> ping);
            });
        }
        return closedLoop(requests, duration);
    }

    /**
     * Sends each supplier's requests one after the other (one in flight per supplier) until {@code duration} is
     * over; a 204 counts as answered, anything else as failed.
     */
    Result closedLoop(List<Supplier<HttpRequest>> requests, Duration duration) throws InterruptedException {
        AtomicLong answered = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        CountDownLatch loops = new CountDownLatch(requests.size());
        long began = System.nanoTime();
        long end = began + duration.toNanos();
        for (Supplier<HttpRequest> request : requests) {
            loop(request, end, answered, failed, loops);
        }
        loops.await(duration.toSeconds() + 60, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - began) / 1e9;
        return new Result(answered.get(), failed.get(), seconds, requests.size());
    }

    private void loop(Supplier<HttpRequest> request, long end, AtomicLong answered, AtomicLong failed,
            CountDownLatch loops) {
        if (System.nanoTime() >= end) {
            loops.countDown();
            return;
        }
        http.sendAsync(request.get(), HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error == null && response.statusCode() == 204) {
                answered.incrementAndGet();
            } else {
                failed.incrementAndGet();
            }
            loop(request, end, answered, failed, loops);
        });
    }
}
