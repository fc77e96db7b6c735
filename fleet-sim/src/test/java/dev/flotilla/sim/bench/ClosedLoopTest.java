package dev.flotilla.sim.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bench's closed loop takes its rate over its window, and reports what was answered after it on its own. */
class ClosedLoopTest {

    private HttpServer server;
    private final AtomicInteger slowCalls = new AtomicInteger();

    @BeforeEach
    void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/fast", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.createContext("/slow", exchange -> {
            if (slowCalls.incrementAndGet() == 1) {
                sleep(1_500); // its first request outlives the 500 ms window by about a second
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.createContext("/fail", exchange -> {
            sleep(50);
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aRequestAnsweredAfterTheWindowIsCountedApartAndDoesNotStretchTheWindow() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        NoopCeiling.Result result = NoopCeiling.closedLoop(List.of(caller(http, "/fast"), caller(http, "/slow"),
                caller(http, "/fail")), Duration.ofMillis(500));

        assertThat(result.seconds()).isEqualTo(0.5);
        assertThat(result.concurrency()).isEqualTo(3);
        // the slow caller's only request was answered about a second after the window closed
        assertThat(slowCalls.get()).isEqualTo(1);
        assertThat(result.late()).isBetween(1L, 2L);
        assertThat(result.drainSeconds()).isGreaterThan(0.5);
        assertThat(result.inWindow()).isPositive().isEqualTo(result.answered() - result.late());
        assertThat(result.perSecond()).isEqualTo(result.inWindow() / 0.5);
        assertThat(result.failed()).isPositive();
    }

    private NoopCeiling.Caller caller(HttpClient http, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort()
                + path)).GET().build();
        return new NoopCeiling.Caller(http, () -> request);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
