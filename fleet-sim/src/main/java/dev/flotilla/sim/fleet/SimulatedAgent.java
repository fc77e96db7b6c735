package dev.flotilla.sim.fleet;

import dev.flotilla.agent.AgentRuntime;
import dev.flotilla.agent.TenantAgent;
import dev.flotilla.agent.hub.TokenStore;
import dev.flotilla.api.agent.WorkPhase;
import dev.flotilla.sim.backend.SimulatedCluster;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * One simulated tenant: its cluster (kept for the whole run) and the agent currently driving it. Stopping the agent
 * is a crash of the agent pod: the cluster keeps its workloads, and a restarted agent finds them and the stored
 * agent token, exactly as a real one would after a pod restart.
 */
public final class SimulatedAgent {

    private final ClusterPlan plan;
    private final AgentRuntime runtime;
    private final TenantAgent.Settings settings;
    private final SimulatedCluster cluster;
    private final ObservedCluster observed;
    private final TokenStore tokens = TokenStore.inMemory();
    private TenantAgent agent;
    private boolean retired;

    SimulatedAgent(ClusterPlan plan, AgentRuntime runtime, TenantAgent.Settings settings, SimulatedCluster cluster) {
        this.plan = plan;
        this.runtime = runtime;
        this.settings = settings;
        this.cluster = cluster;
        this.observed = new ObservedCluster(cluster);
    }

    public String name() {
        return plan.name();
    }

    public ClusterPlan plan() {
        return plan;
    }

    /** The simulated cluster, with its workloads and pods. */
    public SimulatedCluster cluster() {
        return cluster;
    }

    /** Starts the agent (again, after {@link #stop()}); the stored agent token is reused. */
    public synchronized void start() {
        if (retired) {
            throw new IllegalStateException("agent " + name() + " was stopped for good");
        }
        if (agent == null) {
            agent = new TenantAgent(runtime, settings, observed, tokens, Clock.systemUTC());
            agent.start();
        }
    }

    /** Stops the agent as a crash would; the cluster and the stored token stay. */
    public synchronized void stop() {
        if (agent != null) {
            agent.close();
            agent = null;
        }
    }

    /** Stops the agent and the restart of an agent pod after a crash. */
    public synchronized void restart() {
        stop();
        start();
    }

    /** Stops the agent for good: the cluster never hears from the meta-controller again. */
    public synchronized void retire() {
        stop();
        retired = true;
    }

    public synchronized boolean running() {
        return agent != null;
    }

    /** Whether the agent holds its agent token and its last call reached the meta-controller. */
    public synchronized boolean connected() {
        return agent != null && agent.connected() && !agent.failure().isDone();
    }

    /** Whether the current agent gave up (its tokens were refused). */
    public synchronized boolean failed() {
        return agent != null && agent.failure().isDone();
    }

    /** The last reported phase per work item; empty while the agent is stopped. */
    public synchronized Map<String, WorkPhase> phases() {
        return agent == null ? Map.of() : agent.phases();
    }

    /** The generation of every work item the agent holds, by workId; empty while the agent is stopped. */
    public synchronized Map<String, Long> workGenerations() {
        return agent == null ? Map.of() : agent.generations();
    }

    /** Status reports the current agent made since it started (0 while stopped). */
    public synchronized long reportsMade() {
        return agent == null ? 0 : agent.reportsMade();
    }

    /** Reports the current agent still holds for delivery. */
    public synchronized int pendingReports() {
        return agent == null ? 0 : agent.pendingReports();
    }

    /** The agent token the agent holds since it registered (empty before). */
    public Optional<String> agentToken() {
        return tokens.load();
    }

    /** Makes the cluster's API server answer the agent's writes with 500 (or stop doing so). */
    public void failApiServer(boolean fail) {
        observed.failWrites(fail);
    }

    /** Writes the cluster's API server answered with 500. */
    public long failedApiWrites() {
        return observed.failedWrites();
    }

    /** When the agent first applied the current template of a workload (epoch millis). */
    public Optional<Long> firstAppliedAt(String workload) {
        return observed.firstAppliedAt(workload);
    }
}
