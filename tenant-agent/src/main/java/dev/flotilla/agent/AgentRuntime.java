package dev.flotilla.agent;

import dev.flotilla.agent.hub.HubResilience;
import dev.flotilla.agent.hub.HubTransport;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every agent of a JVM shares: one scheduler (reconcile ticks and HTTP callbacks), one HTTP client, one JSON
 * mapper and the resilience settings. One agent per JVM in production; the fleet simulator runs thousands on one.
 */
public final class AgentRuntime implements AutoCloseable {

    private final ScheduledThreadPoolExecutor scheduler;
    private final HttpClient http;
    private final JsonMapper json;
    private final HubResilience resilience;

    public AgentRuntime(int threads, HubResilience resilience) {
        this(threads, resilience, HubTransport.direct());
    }

    /** With a transport: the CA bundle, client certificate and proxy the HTTP client uses. */
    public AgentRuntime(int threads, HubResilience resilience, HubTransport transport) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread thread = new Thread(r, "flotilla-agent-" + count.incrementAndGet());
            thread.setDaemon(false);
            return thread;
        };
        this.scheduler = new ScheduledThreadPoolExecutor(threads, factory);
        this.scheduler.setRemoveOnCancelPolicy(true);
        this.http = transport.applyTo(HttpClient.newBuilder())
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(scheduler)
                .build();
        // lenient as the hub client reads answers (HubClient.lenient), so every agent of the JVM shares this one
        this.json = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();
        this.resilience = resilience;
    }

    /** Two threads and the default backoff: enough for one agent, and for thousands of simulated ones. */
    public static AgentRuntime create() {
        return new AgentRuntime(2, HubResilience.defaults());
    }

    /** One production agent's runtime, reaching the meta-controller through this transport. */
    public static AgentRuntime create(HubTransport transport) {
        return new AgentRuntime(2, HubResilience.defaults(), transport);
    }

    public ScheduledThreadPoolExecutor scheduler() {
        return scheduler;
    }

    public HttpClient http() {
        return http;
    }

    public JsonMapper json() {
        return json;
    }

    public HubResilience resilience() {
        return resilience;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
