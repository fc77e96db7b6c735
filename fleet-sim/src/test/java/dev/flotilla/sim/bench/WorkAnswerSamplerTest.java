package dev.flotilla.sim.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The bench's reading of the meta-controllers' work answers, and of the agents' poll timeouts. */
class WorkAnswerSamplerTest {

    @Test
    void readsTheCountOfTheActuatorsMeter() {
        String meter = """
                {"name":"flotilla.agent.polls","description":"Work polls answered","measurements":[{"statistic":"COUNT",\
                "value":9991.0}],"availableTags":[]}""";
        assertThat(WorkAnswerSampler.parse(meter)).isEqualTo(9991);
        assertThat(WorkAnswerSampler.parse("{\"error\":\"Not Found\"}")).isZero();
    }

    @Test
    void answersWhenTheCountOfEveryReplicaTogetherPassedHalfAndAllTheClusters() throws Exception {
        AtomicLong first = new AtomicLong(100);
        AtomicLong second = new AtomicLong(0);
        HttpServer a = serve(first);
        HttpServer b = serve(second);
        try {
            long startedAt = System.currentTimeMillis();
            WorkAnswerSampler sampler = new WorkAnswerSampler(List.of(url(a), url(b))).start();
            Thread.sleep(500);
            first.addAndGet(3); // half of 10 clusters counted over both replicas, 100 before the start not counted
            second.addAndGet(2);
            Thread.sleep(500);
            second.addAndGet(6);
            Thread.sleep(500);
            WorkAnswerSampler.Result result = sampler.stop(startedAt, 10);

            assertThat(result.answered()).isEqualTo(11);
            assertThat(result.p50Ms()).isBetween(400.0, 1_200.0);
            assertThat(result.allMs()).isGreaterThan(result.p50Ms()).isLessThan(2_000.0);
            assertThat(result.p99Ms()).isEqualTo(result.allMs());
        } finally {
            a.stop(0);
            b.stop(0);
        }
    }

    @Test
    void aReplicaThatAnswersWithAnErrorKeepsItsLastCount() throws Exception {
        AtomicLong first = new AtomicLong(100);
        AtomicInteger secondCalls = new AtomicInteger();
        HttpServer a = serve(first);
        HttpServer b = serve(exchange -> reply(exchange, secondCalls.incrementAndGet() == 1 ? 200 : 500, 50));
        try {
            long startedAt = System.currentTimeMillis();
            WorkAnswerSampler sampler = new WorkAnswerSampler(List.of(url(a), url(b))).start();
            first.addAndGet(3);
            Thread.sleep(500);
            WorkAnswerSampler.Result result = sampler.stop(startedAt, 10);

            assertThat(secondCalls.get()).isGreaterThan(1);
            assertThat(result.answered()).isEqualTo(3); // 103 + 50 (the failing replica's last answer) - 150
        } finally {
            a.stop(0);
            b.stop(0);
        }
    }

    @Test
    void aSampleCutShortByTheStopIsNotRecorded() throws Exception {
        AtomicLong first = new AtomicLong(100);
        AtomicInteger secondCalls = new AtomicInteger();
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        HttpServer a = serve(first);
        HttpServer b = serve(exchange -> {
            if (secondCalls.incrementAndGet() > 2) { // the base and the first sample answer, the second hangs
                blocked.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            reply(exchange, 200, 50);
        });
        try {
            long startedAt = System.currentTimeMillis();
            WorkAnswerSampler sampler = new WorkAnswerSampler(List.of(url(a), url(b))).start();
            assertThat(blocked.await(5, TimeUnit.SECONDS)).isTrue();
            WorkAnswerSampler.Result result = sampler.stop(startedAt, 10);

            // only the first sample (100 + 50 - 150); the second, cut short after the first replica's 100, is not -50
            assertThat(result.answered()).isZero();
        } finally {
            release.countDown();
            a.stop(0);
            b.stop(0);
        }
    }

    @Test
    void aTimedOutWorkPollIsCountedAndOtherCallsAreNot() {
        assertThat(PollTimeouts.matches("agent bench-00951: meta-controller unreachable, retrying with backoff (next "
                + "in 668 ms): GET /agent/v1/work: java.net.http.HttpTimeoutException: request timed out")).isTrue();
        assertThat(PollTimeouts.matches("agent bench-1: meta-controller unreachable, retrying with backoff (next in 5 "
                + "ms): POST /agent/v1/status: java.net.http.HttpTimeoutException: request timed out")).isFalse();
        assertThat(PollTimeouts.matches("agent bench-1: meta-controller unreachable, retrying with backoff (next in 5 "
                + "ms): GET /agent/v1/work: java.net.ConnectException")).isFalse();
    }

    @Test
    void everyRunOfTheJvmSharesOneCounterOfTheAgentsLog() {
        PollTimeouts first = PollTimeouts.attach();
        assertThat(PollTimeouts.attach()).isSameAs(first);
        long before = first.count();

        org.slf4j.LoggerFactory.getLogger(PollTimeouts.LOGGER).warn("agent bench-7: meta-controller unreachable, "
                + "retrying with backoff (next in 5 ms): GET /agent/v1/work: java.net.http.HttpTimeoutException: "
                + "request timed out");

        assertThat(first.count()).isEqualTo(before + 1);
    }

    private static HttpServer serve(AtomicLong work) throws Exception {
        return serve(exchange -> reply(exchange, 200, work.get()));
    }

    private static HttpServer serve(HttpHandler handler) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/actuator/metrics/flotilla.agent.polls", handler);
        server.start();
        return server;
    }

    private static void reply(HttpExchange exchange, int status, long work) throws java.io.IOException {
        assertThat(exchange.getRequestURI().getQuery()).isEqualTo("tag=outcome:work");
        byte[] body = ("{\"name\":\"flotilla.agent.polls\",\"measurements\":[{\"statistic\":\"COUNT\",\"value\":"
                + work + ".0}]}").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static URI url(HttpServer server) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }
}
