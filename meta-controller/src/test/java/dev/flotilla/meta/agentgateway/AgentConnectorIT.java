package dev.flotilla.meta.agentgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flotilla.api.agent.AgentProtocol;
import dev.flotilla.api.agent.StatusReport;
import dev.flotilla.api.agent.StatusReports;
import dev.flotilla.api.agent.WorkPhase;
import dev.flotilla.meta.support.IntegrationTest;
import dev.flotilla.testsupport.SharedPostgres;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agent API on a connector of its own ({@code flotilla.agent.port}, two request threads here): it answers agents
 * (and only the agent API), the main port still does too, and status reports waiting for their commit hold none of
 * its threads (nor the portal's).
 */
@IntegrationTest
@Import({GatewayTestBeans.class, AgentConnectorIT.ServingThreadsConfiguration.class})
class AgentConnectorIT {

    private static final int AGENT_PORT = freePort();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void agentPort(DynamicPropertyRegistry registry) {
        registry.add("flotilla.agent.port", () -> AGENT_PORT);
        registry.add("flotilla.agent.threads", () -> 2);
        registry.add("flotilla.agent.work-sweep-interval", () -> "1h");
        // the held requests wait for the test, not for the overload answer (on a loaded machine it takes a while)
        registry.add("flotilla.agent.status-commit-wait", () -> "60s");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StatusBatcher batcher;

    @Autowired
    GatewayTestBeans.TestWork work;

    @Autowired
    WebServerApplicationContext context;

    @Autowired
    ServingThreads servingThreads;

    /**
     * Tomcat recycles request processors through a cache of 200 by default; a rollout answers a thousand parked polls
     * per engine pass, and at that size all but 200 of their processors were dropped and built anew for the agents'
     * next requests. Tomcat's advice for asynchronous requests (its connector documentation, processorCache): cache as
     * many as the concurrent requests expected, here one per connection.
     */
    @Test
    void bothConnectorsKeepAProcessorForEveryConnectionTheyMayHold() {
        var tomcat = (TomcatWebServer) context.getWebServer();
        var connectors = tomcat.getTomcat().getService().findConnectors();

        assertThat(connectors).hasSize(2).allSatisfy(connector -> {
            var http = (AbstractHttp11Protocol<?>) connector.getProtocolHandler();
            assertThat(http.getProcessorCache()).as("port %d", connector.getPort())
                    .isGreaterThanOrEqualTo(http.getMaxConnections()).isGreaterThan(200);
        });
    }

    /**
     * The agent port's request threads and poller and the status writer run below the portal's threads
     * ({@code flotilla.agent.thread-priority}, 1 by default; Java's normal priority is 5), so that a fleet reporting
     * at once yields the CPU to an operator's request (Linux gets Java priorities with -XX:ThreadPriorityPolicy=1).
     */
    @Test
    void theAgentPortsThreadsRunBelowThePortalsPriority() {
        String token = new TestFleet(jdbc).registered("connector-priority", "READY");
        servingThreads.priorities.clear();
        assertThat(send(AGENT_PORT, "GET", "/agent/v1/ping", token, null).statusCode()).isEqualTo(204);
        assertThat(send(port, "GET", "/agent/v1/ping", token, null).statusCode()).isEqualTo(204);
        assertThat(send(port, "GET", "/api/v1/clusters", SharedPostgres.ADMIN_TOKEN, null).statusCode())
                .isEqualTo(200);

        assertThat(servingThreads.priorities).containsEntry(AGENT_PORT, Set.of(Thread.MIN_PRIORITY))
                .containsEntry(port, Set.of(Thread.NORM_PRIORITY));
        List<Thread> threads = List.copyOf(Thread.getAllStackTraces().keySet());
        assertThat(threads).filteredOn(t -> t.getName().equals("http-nio-" + AGENT_PORT + "-Poller"))
                .extracting(Thread::getPriority).containsExactly(Thread.MIN_PRIORITY);
        assertThat(threads).filteredOn(t -> t.getName().equals("agent-status-writer"))
                .extracting(Thread::getPriority).isNotEmpty().containsOnly(Thread.MIN_PRIORITY);
    }

    /**
     * Notes, per local port, the priority of the threads that served requests; first of the filters, as the agent
     * API's fast lane answers its calls before the later ones.
     */
    @Order(Ordered.HIGHEST_PRECEDENCE + 1)
    static final class ServingThreads extends OncePerRequestFilter {

        final Map<Integer, Set<Integer>> priorities = new ConcurrentHashMap<>();

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                FilterChain chain) throws ServletException, IOException {
            priorities.computeIfAbsent(request.getLocalPort(), p -> ConcurrentHashMap.newKeySet())
                    .add(Thread.currentThread().getPriority());
            chain.doFilter(request, response);
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class ServingThreadsConfiguration {
        @Bean
        ServingThreads servingThreads() {
            return new ServingThreads();
        }
    }

    @Test
    void servesTheAgentApiOnItsOwnPortAndOnTheMainPortAndNothingElseOnItsPort() {
        String token = new TestFleet(jdbc).registered("connector-ping", "READY");

        HttpResponse<String> onAgentPort = send(AGENT_PORT, "GET", "/agent/v1/ping", token, null);
        HttpResponse<String> onMainPort = send(port, "GET", "/agent/v1/ping", token, null);
        HttpResponse<String> anonymous = send(AGENT_PORT, "GET", "/agent/v1/ping", null, null);
        HttpResponse<String> portal = send(AGENT_PORT, "GET", "/api/v1/clusters", SharedPostgres.ADMIN_TOKEN, null);

        assertThat(onAgentPort.statusCode()).isEqualTo(204);
        assertThat(onAgentPort.headers().firstValue(AgentProtocol.HEADER)).contains(AgentProtocol.VERSION);
        assertThat(onMainPort.statusCode()).isEqualTo(204);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(portal.statusCode()).isEqualTo(404);
        assertThat(portal.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).contains("application/problem+json"));
        assertThat(portal.body()).contains("agent API");
    }

    @Test
    void statusReportsWaitingForTheirCommitHoldNoThreadOfTheirConnectorAndLeaveThePortalAnswering()
            throws Exception {
        TestFleet fleet = new TestFleet(jdbc);
        CountDownLatch release = new CountDownLatch(1);
        // the status writer is held: every status request waits for its commit until released, on no thread
        CompletableFuture<Void> blocker = CompletableFuture.runAsync(() -> batcher.apply(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        List<CompletableFuture<HttpResponse<String>>> reports = new ArrayList<>();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> batcher.queued() == 0);
            for (int i = 0; i < 3; i++) {
                String name = "connector-busy-" + i;
                String token = fleet.registered(name, "READY");
                work.put(fleet.id(name), "test:" + name + ":a");
                StatusReports body = new StatusReports(List.of(new StatusReport("test:" + name + ":a", 1, 1,
                        WorkPhase.APPLYING, null, null, null, null)));
                reports.add(CompletableFuture.supplyAsync(() -> send(AGENT_PORT, "POST", "/agent/v1/status", token,
                        JSON.writeValueAsString(body))));
            }
            // more reports wait than the connector has threads (two): none of them holds one
            await().atMost(Duration.ofSeconds(20)).until(() -> batcher.queued() == 3);
            HttpResponse<String> ping = send(AGENT_PORT, "GET", "/agent/v1/ping", fleet.registered("connector-free",
                    "READY"), null);
            assertThat(ping.statusCode()).as("an agent-port thread is free").isEqualTo(204);

            long began = System.nanoTime();
            HttpResponse<String> portal = send(port, "GET", "/api/v1/clusters?limit=5", SharedPostgres.ADMIN_TOKEN,
                    null);
            long millis = Duration.ofNanos(System.nanoTime() - began).toMillis();

            assertThat(portal.statusCode()).isEqualTo(200);
            assertThat(millis).as("the portal waits for no agent thread").isLessThan(5_000);
            assertThat(reports).as("the agents' requests are still held").noneMatch(CompletableFuture::isDone);
        } finally {
            release.countDown();
        }
        blocker.get();
        for (CompletableFuture<HttpResponse<String>> report : reports) {
            assertThat(report.get().statusCode()).isEqualTo(204);
        }
    }

    private static HttpResponse<String> send(int port, String method, String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).header(AgentProtocol.HEADER, AgentProtocol.VERSION)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
