package dev.flotilla.agent;

import dev.flotilla.agent.backend.ClusterBackend;
import dev.flotilla.agent.hub.Enrolment;
import dev.flotilla.agent.hub.HubClient;
import dev.flotilla.agent.hub.HubSession;
import dev.flotilla.agent.hub.ReportBuffer;
import dev.flotilla.agent.hub.TokenStore;
import dev.flotilla.agent.reconcile.WorkReconciler;
import dev.flotilla.api.agent.ClusterFacts;
import dev.flotilla.api.agent.WorkPhase;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One tenant agent: a hub session feeding a reconciler that converges one cluster backend, ticking on the runtime's
 * shared scheduler (no thread of its own). Plain Java: the Spring app, the fleet simulator and tests build it alike.
 * The backend belongs to the caller, who closes it after the agent.
 */
public final class TenantAgent implements AutoCloseable {

    private final AgentRuntime runtime;
    private final ClusterBackend backend;
    private final WorkReconciler reconciler;
    private final ReportBuffer reports;
    private final HubSession session;
    private final Settings settings;
    private final AtomicBoolean ticking = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private volatile AgentRuntime.Ticking ticks;
    private volatile ScheduledFuture<?> factsRefresh;
    private volatile boolean closed;

    /**
     * How one agent runs.
     *
     * @param name the agent's name in logs
     * @param hub the meta-controller's base URL
     * @param enrolment the bootstrap or registration token to register with (null if a token is stored)
     * @param pollTimeout how long a work poll may wait (until registration says otherwise)
     * @param tick how often every work item is reconciled
     * @param factsInterval how often facts are rediscovered (pushed only when changed)
     * @param reportBufferSize reports kept while the meta-controller is unreachable
     * @param agentVersion reported in the facts
     */
    public record Settings(String name, URI hub, Enrolment enrolment, Duration pollTimeout, Duration tick,
            Duration factsInterval, int reportBufferSize, String agentVersion) {

        public Settings {
            Objects.requireNonNull(hub, "hub");
        }

        /** An agent of a cluster an admin added, registering with its one-time bootstrap token. */
        public static Settings of(String name, URI hub, String bootstrapToken) {
            return new Settings(name, hub, Enrolment.bootstrap(bootstrapToken), Duration.ofSeconds(30),
                    Duration.ofSeconds(1), Duration.ofMinutes(10), 1000, "dev");
        }

        /** An agent that adds its own cluster with a reusable registration token. */
        public static Settings selfRegistering(URI hub, String registrationToken, String clusterName,
                Map<String, String> clusterLabels) {
            return of(clusterName, hub, null)
                    .withEnrolment(new Enrolment(registrationToken, clusterName, clusterLabels));
        }

        public Settings withEnrolment(Enrolment with) {
            return new Settings(name, hub, with, pollTimeout, tick, factsInterval, reportBufferSize, agentVersion);
        }

        public Settings withTick(Duration tickEvery) {
            return new Settings(name, hub, enrolment, pollTimeout, tickEvery, factsInterval, reportBufferSize,
                    agentVersion);
        }

        public Settings withPollTimeout(Duration timeout) {
            return new Settings(name, hub, enrolment, timeout, tick, factsInterval, reportBufferSize,
                    agentVersion);
        }

        public Settings withFactsInterval(Duration every) {
            return new Settings(name, hub, enrolment, pollTimeout, tick, every, reportBufferSize, agentVersion);
        }
    }

    public TenantAgent(AgentRuntime runtime, Settings settings, ClusterBackend backend, TokenStore tokens,
            Clock clock) {
        this.runtime = runtime;
        this.settings = settings;
        this.backend = backend;
        this.reports = new ReportBuffer(settings.reportBufferSize(), this::flushSoon);
        this.reconciler = new WorkReconciler(settings.name(), backend, reports, clock);
        HubClient client = new HubClient(runtime.http(settings.name()), runtime.json(), settings.hub(),
                Duration.ofSeconds(15));
        this.session = new HubSession(settings.name(), client, runtime.resilience(), runtime.scheduler(), tokens,
                settings.enrolment(), (int) settings.pollTimeout().toSeconds(), this::facts,
                work -> {
                    // reconciled on the poll's own thread, so the reports new work makes at once are buffered
                    // before the session decides when to poll again (HubSession sends them first)
                    reconciler.accept(work.items());
                    if (!closed) {
                        tick();
                    }
                }, reports);
        session.reportsOn(runtime::later);
    }

    public void start() {
        // one timer entry for every agent of the runtime with this interval, each in a slot of its own; a tick
        // while every item is finished would do nothing (new work and informer events reconcile at once)
        ticks = runtime.ticks(settings.tick(), this::tick, () -> !reconciler.settled());
        long facts = settings.factsInterval().toMillis();
        factsRefresh = runtime.scheduler().scheduleWithFixedDelay(session::pushFacts, facts, facts,
                TimeUnit.MILLISECONDS);
        backend.onChange(this::kick);
        session.start();
    }

    /** Reconciles soon (informer events, new work) without waiting for the next tick. */
    public void kick() {
        if (!closed) {
            runtime.scheduler().execute(this::tick);
        }
    }

    private void tick() {
        if (!ticking.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        try {
            do {
                again.set(false);
                reconciler.reconcile();
            } while (again.get());
        } finally {
            ticking.set(false);
        }
    }

    /** Sends new reports once the runtime's waiting answers and network steps have run ({@link AgentRuntime#later}). */
    private void flushSoon() {
        if (!closed) {
            runtime.later(session::flush);
        }
    }

    private ClusterFacts facts() {
        ClusterFacts f = backend.facts();
        return new ClusterFacts(f.kubernetesVersion(), f.kruiseVersion(), settings.agentVersion(), f.nodes(),
                f.zones(), f.kubeletVersions(), f.removedApisInUse(), f.regions());
    }

    /** The last reported phase per work item. */
    public Map<String, WorkPhase> phases() {
        return reconciler.phases();
    }

    /** The generation of every work item the agent holds, by workId. */
    public Map<String, Long> generations() {
        return reconciler.generations();
    }

    /** Reports made since start, and how many of them the buffer bound dropped. */
    public long reportsMade() {
        return reports.accepted();
    }

    public long reportsDropped() {
        return reports.dropped();
    }

    /** Reports waiting for delivery. */
    public int pendingReports() {
        return reports.size();
    }

    public boolean connected() {
        return session.connected();
    }

    /** When a work poll last got an answer from the meta-controller; empty before the first. */
    public Optional<Instant> lastSuccessfulPoll() {
        return session.lastSuccessfulPoll();
    }

    /** Completes exceptionally when the agent had to stop (its tokens were refused). */
    public CompletableFuture<Void> failure() {
        return session.failure();
    }

    @Override
    public void close() {
        closed = true;
        session.stop();
        if (ticks != null) {
            ticks.close();
        }
        if (factsRefresh != null) {
            factsRefresh.cancel(false);
        }
    }
}
