package dev.flotilla.agent;

import dev.flotilla.agent.hub.HubResilience;
import dev.flotilla.agent.hub.HubTransport;
import dev.flotilla.api.kruise.ManifestValidator;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every agent of a JVM shares: one scheduler (reconcile ticks and HTTP callbacks), the HTTP client, one JSON
 * mapper and the resilience settings. One agent per JVM in production; the fleet simulator runs thousands on one,
 * and spreads them over a few HTTP clients ({@link #httpClientsFor}): the JDK 17 client's connection pool hands out
 * its longest-idle connection and then finds it by walking its expiry list from the newest end
 * ({@code ConnectionPool.findConnection}, {@code ExpiryList.remove}), and puts a returned one back by walking past
 * every entry of the same second ({@code ExpiryList.add}), so every request costs a walk over the client's idle
 * connections: with 10,000 agents on one client, a quarter of the simulator's CPU samples in a rollout.
 */
public final class AgentRuntime implements AutoCloseable {

    private final AgentScheduler scheduler;
    private final Map<Long, TickGroup> ticks = new ConcurrentHashMap<>();
    private final List<HttpClient> http;
    private final JsonMapper json;
    private final HubResilience resilience;

    public AgentRuntime(int threads, HubResilience resilience) {
        this(threads, resilience, HubTransport.direct());
    }

    /** With a transport: the CA bundle, client certificate and proxy the HTTP client uses. */
    public AgentRuntime(int threads, HubResilience resilience, HubTransport transport) {
        this(threads, resilience, transport, 1);
    }

    /**
     * @param httpClients how many HTTP clients the agents are spread over ({@link #http(String)}): one for a
     *     production agent, {@link #httpClientsFor} for the fleet simulator
     */
    public AgentRuntime(int threads, HubResilience resilience, HubTransport transport, int httpClients) {
        if (httpClients < 1) {
            throw new IllegalArgumentException("httpClients must be at least 1, was " + httpClients);
        }
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread thread = new Thread(r, "flotilla-agent-" + count.incrementAndGet());
            thread.setDaemon(false);
            return thread;
        };
        this.scheduler = new AgentScheduler(threads, factory);
        List<HttpClient> clients = new ArrayList<>(httpClients);
        for (int i = 0; i < httpClients; i++) {
            clients.add(transport.applyTo(HttpClient.newBuilder())
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .executor(scheduler)
                    .build());
        }
        this.http = List.copyOf(clients);
        // lenient as the hub client reads answers (HubClient.lenient), so every agent of the JVM shares this one
        this.json = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();
        this.resilience = resilience;
        // the Kruise manifests' readers, built before the first work item needs them (ItemApplier)
        scheduler.executeBackground(ManifestValidator::prepare);
    }

    /**
     * HTTP clients for {@code agents} agents on one runtime: one per 2,500. Measured at 10,000 simulated agents
     * (docs/benchmarks.md): one client spent 12-25% of the simulator's samples walking its pool; four cut the
     * simulator's CPU in a rollout by a fifth; twenty (one per 500) had polls and reports time out at the agents.
     */
    public static int httpClientsFor(int agents) {
        return Math.max(1, (agents + 2499) / 2500);
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

    /**
     * Runs {@code task} once no other task of the runtime waits ({@link AgentScheduler#executeBackground}), among the
     * ticks: where the agents send their reports, so that with thousands of agents on one runtime the answers and
     * network steps of every agent go ahead of the reports the ones answered first make.
     *
     * @throws java.util.concurrent.RejectedExecutionException once the runtime is closed
     */
    public void later(Runnable task) {
        scheduler.executeBackground(task);
    }

    /**
     * Runs {@code tick} every {@code interval} on the scheduler's threads until the returned handle is closed: the
     * agents of this runtime with the same interval share one timer entry ({@link TickGroup}), each in a slot picked
     * at random, so their ticks are spread over the interval. A tick still waiting from the last turn is skipped, and
     * ticks wait while the runtime has other tasks to run ({@link AgentScheduler#executeBackground}). A turn at which
     * {@code due} is false is left out.
     */
    public Ticking ticks(Duration interval, Runnable tick, BooleanSupplier due) {
        if (scheduler.isShutdown()) {
            throw new IllegalStateException("the agent runtime is closed");
        }
        return ticks.computeIfAbsent(interval.toMillis(),
                ms -> new TickGroup(scheduler, scheduler::executeBackground, ms)).join(tick, due);
    }

    /** An agent's ticks ({@link #ticks}); closing it stops them. */
    public interface Ticking extends AutoCloseable {
        @Override
        void close();
    }

    /** The first HTTP client (the only one of a production agent). */
    public HttpClient http() {
        return http.get(0);
    }

    /** The HTTP client of one agent, picked by its name: the same agent always gets the same client. */
    public HttpClient http(String agent) {
        return http.get(Math.floorMod(agent.hashCode(), http.size()));
    }

    /** How many HTTP clients the agents are spread over. */
    public int httpClients() {
        return http.size();
    }

    public JsonMapper json() {
        return json;
    }

    public HubResilience resilience() {
        return resilience;
    }

    @Override
    public void close() {
        ticks.values().forEach(TickGroup::cancel);
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
