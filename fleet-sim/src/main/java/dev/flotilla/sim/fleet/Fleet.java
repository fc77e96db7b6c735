package dev.flotilla.sim.fleet;

import dev.flotilla.agent.AgentRuntime;
import dev.flotilla.agent.TenantAgent;
import dev.flotilla.api.agent.ClusterFacts;
import dev.flotilla.sim.backend.SimulatedCluster;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running simulated fleet: every cluster created through the portal API, every agent the real
 * {@link TenantAgent} on a {@link SimulatedCluster}, all sharing one {@link AgentRuntime} (no thread per agent).
 */
public final class Fleet implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Fleet.class);

    private final FleetSpec spec;
    private final AgentRuntime runtime;
    private final boolean ownsRuntime;
    private final Map<String, SimulatedAgent> agents;
    private final List<ScheduledFuture<?>> starts = new ArrayList<>();

    private Fleet(FleetSpec spec, AgentRuntime runtime, boolean ownsRuntime, Map<String, SimulatedAgent> agents) {
        this.spec = spec;
        this.runtime = runtime;
        this.ownsRuntime = ownsRuntime;
        this.agents = Collections.unmodifiableMap(agents);
    }

    /** Creates the fleet's clusters and starts their agents, on a runtime of its own (closed with the fleet). */
    public static Fleet start(FleetSpec spec) {
        AgentRuntime runtime = new AgentRuntime(Math.max(2, Runtime.getRuntime().availableProcessors()),
                dev.flotilla.agent.hub.HubResilience.defaults(), dev.flotilla.agent.hub.HubTransport.direct(),
                AgentRuntime.httpClientsFor(spec.clusters()));
        try {
            return start(spec, runtime, true);
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    /** Creates the fleet's clusters and starts their agents on a shared runtime (left open on close). */
    public static Fleet start(FleetSpec spec, AgentRuntime runtime) {
        return start(spec, runtime, false);
    }

    private static Fleet start(FleetSpec spec, AgentRuntime runtime, boolean ownsRuntime) {
        Fleet fleet = create(spec, runtime, ownsRuntime);
        fleet.startAll();
        return fleet;
    }

    /** Creates the clusters (bootstrap tokens in hand) without starting any agent; see {@link #startAll()}. */
    public static Fleet create(FleetSpec spec, AgentRuntime runtime) {
        return create(spec, runtime, false);
    }

    /**
     * Creates the clusters through the spec's hub, their agents calling the given hubs in turn (agent i calls
     * {@code agentHubs[i % size]}): several replicas behind no load balancer, or an agent port of its own.
     */
    public static Fleet create(FleetSpec spec, AgentRuntime runtime, List<java.net.URI> agentHubs) {
        return create(spec, runtime, false, agentHubs);
    }

    private static Fleet create(FleetSpec spec, AgentRuntime runtime, boolean ownsRuntime) {
        return create(spec, runtime, ownsRuntime, List.of(spec.hub()));
    }

    private static Fleet create(FleetSpec spec, AgentRuntime runtime, boolean ownsRuntime,
            List<java.net.URI> agentHubs) {
        Portal portal = new Portal(runtime.http(), runtime.json(), spec.hub(), spec.adminToken());
        List<ClusterPlan> plans = new ArrayList<>(spec.clusters());
        for (int i = 0; i < spec.clusters(); i++) {
            plans.add(ClusterPlan.of(spec, i));
        }
        long began = System.nanoTime();
        Map<String, String> bootstrap = new ClusterCreation(portal, spec.createConcurrency()).createAll(plans);
        log.info("created {} clusters through the portal API in {} ms", plans.size(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
        Map<String, SimulatedAgent> agents = new LinkedHashMap<>();
        for (int i = 0; i < plans.size(); i++) {
            ClusterPlan plan = plans.get(i);
            agents.put(plan.name(), agent(spec, runtime, plan, bootstrap.get(plan.name()),
                    agentHubs.get(i % agentHubs.size())));
        }
        return new Fleet(spec, runtime, ownsRuntime, agents);
    }

    private static SimulatedAgent agent(FleetSpec spec, AgentRuntime runtime, ClusterPlan plan, String bootstrap,
            java.net.URI hub) {
        List<String> zones = List.of(plan.zone());
        ClusterFacts facts = new ClusterFacts("v1.30.4", "v1.8.0", null, spec.nodes(), zones, List.of("v1.30.4"),
                List.of());
        SimulatedCluster cluster = new SimulatedCluster(facts, spec.simulation(),
                spec.brokenClusters().contains(plan.name()), Clock.systemUTC());
        TenantAgent.Settings settings = TenantAgent.Settings.of(plan.name(), hub, bootstrap)
                .withTick(spec.tick()).withPollTimeout(spec.pollTimeout()).withFactsInterval(spec.factsInterval());
        return new SimulatedAgent(plan, runtime, settings, cluster);
    }

    /** Starts every agent, spread evenly over the spec's start spread. */
    public synchronized void startAll() {
        long spreadMillis = spec.startSpread().toMillis();
        int i = 0;
        for (SimulatedAgent agent : agents.values()) {
            long delay = agents.size() <= 1 ? 0 : spreadMillis * i++ / agents.size();
            starts.add(runtime.scheduler().schedule(agent::start, delay, TimeUnit.MILLISECONDS));
        }
    }

    public FleetSpec spec() {
        return spec;
    }

    public AgentRuntime runtime() {
        return runtime;
    }

    /** Every agent, in cluster-name order. */
    public List<SimulatedAgent> agents() {
        return List.copyOf(agents.values());
    }

    public SimulatedAgent agent(String name) {
        SimulatedAgent agent = agents.get(name);
        if (agent == null) {
            throw new IllegalArgumentException("no simulated cluster " + name);
        }
        return agent;
    }

    public int size() {
        return agents.size();
    }

    /** Agents that hold a token and reached the meta-controller on their last call. */
    public long connected() {
        return agents.values().stream().filter(SimulatedAgent::connected).count();
    }

    /** Agents that gave up because the meta-controller refused their tokens. */
    public List<String> stopped() {
        return agents.values().stream().filter(SimulatedAgent::failed).map(SimulatedAgent::name).toList();
    }

    /** A portal client with the fleet's admin token, on the fleet's HTTP client. */
    public Portal portal() {
        return new Portal(runtime.http(), runtime.json(), spec.hub(), spec.adminToken());
    }

    @Override
    public synchronized void close() {
        starts.forEach(f -> f.cancel(false));
        agents.values().forEach(SimulatedAgent::stop);
        if (ownsRuntime) {
            runtime.close();
        }
    }
}
