package dev.flotilla.sim.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The bench's reading of the service's own timing of a portal endpoint. */
class ServerTimesTest {

    /** As Spring Boot's actuator answers {@code /actuator/metrics/http.server.requests?tag=...} for a timer. */
    static String timer(long count, double total, double max) {
        return """
                {"name":"http.server.requests","baseUnit":"seconds","measurements":[{"statistic":"COUNT","value":%d.0},\
                {"statistic":"TOTAL_TIME","value":%s},{"statistic":"MAX","value":%s}],"availableTags":[{"tag":\
                "exception","values":["none"]},{"tag":"outcome","values":["SUCCESS"]}]}""".formatted(count, total, max);
    }

    @Test
    void readsTheTimersCountTotalAndMax() {
        assertThat(ServerTimes.parse(timer(42, 1.5, 0.25))).isEqualTo(new ServerTimes.Reading(42, 1.5, 0.25));
        assertThat(ServerTimes.parse("{\"error\":\"Not Found\"}")).isEqualTo(ServerTimes.Reading.NONE);
    }

    @Test
    void theCallsBetweenTwoReadingsWithTheirMeanAndTheWindowsMax() {
        ServerTimes.Result result = new ServerTimes.Reading(110, 3.0, 0.120)
                .since(new ServerTimes.Reading(10, 1.0, 0.050));
        assertThat(result.calls()).isEqualTo(100);
        assertThat(result.meanMs()).isCloseTo(20.0, within(1e-9));
        assertThat(result.maxMs()).isCloseTo(120.0, within(1e-9));
        assertThat(ServerTimes.Reading.NONE.since(ServerTimes.Reading.NONE).meanMs()).isNaN();
    }

    @Test
    void sumsTheReplicasAndAsksForTheTimerByItsTags() throws Exception {
        AtomicReference<String> asked = new AtomicReference<>();
        HttpServer a = serve(new AtomicReference<>(timer(10, 0.5, 0.1)), asked);
        HttpServer b = serve(new AtomicReference<>(timer(30, 1.5, 0.3)), asked);
        HttpServer down = serve(new AtomicReference<>(), asked);
        try {
            List<URI> metas = List.of(url(a), url(b), url(down));
            ServerTimes.Reading reading = ServerTimes.endpoint(metas, "/api/v1/clusters").read();
            assertThat(reading).isEqualTo(new ServerTimes.Reading(40, 2.0, 0.3));
            assertThat(asked.get()).isEqualTo("/actuator/metrics/http.server.requests?tag=method:GET"
                    + "&tag=uri:/api/v1/clusters");
            ServerTimes.poolAcquire(metas, "flotilla").read();
            assertThat(asked.get()).isEqualTo("/actuator/metrics/hikaricp.connections.acquire?tag=pool:flotilla");
        } finally {
            a.stop(0);
            b.stop(0);
            down.stop(0);
        }
    }

    @Test
    void aReplicaThatAnswersWithAnErrorKeepsItsLastReading() throws Exception {
        AtomicReference<String> first = new AtomicReference<>(timer(10, 0.5, 0.1));
        AtomicReference<String> second = new AtomicReference<>(timer(30, 1.5, 0.3));
        AtomicReference<String> asked = new AtomicReference<>();
        HttpServer a = serve(first, asked);
        HttpServer b = serve(second, asked);
        try {
            ServerTimes times = ServerTimes.endpoint(List.of(url(a), url(b)), "/api/v1/clusters");
            ServerTimes.Reading before = times.read();
            first.set(timer(15, 0.75, 0.1));
            second.set(null); // the second replica answers 404 now: its 30 calls still count, the sum never dips
            ServerTimes.Result result = times.read().since(before);

            assertThat(result.calls()).isEqualTo(5);
            assertThat(result.meanMs()).isCloseTo(50.0, within(1e-9));
        } finally {
            a.stop(0);
            b.stop(0);
        }
    }

    /** Answers every request with the current {@code body}, or 404 while it is null, and remembers what was asked. */
    private static HttpServer serve(AtomicReference<String> answer, AtomicReference<String> asked) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            asked.set(exchange.getRequestURI().toString());
            String body = answer.get();
            byte[] bytes = (body == null ? "{\"error\":\"Not Found\"}" : body).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static URI url(HttpServer server) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }
}
