package dev.flotilla.agent.hub;

import dev.flotilla.api.agent.AgentTokens;
import dev.flotilla.api.agent.ClusterFacts;
import dev.flotilla.api.agent.RegisterResponse;
import dev.flotilla.api.agent.WorkResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent's conversation with the meta-controller: register (or reuse the stored agent token), push facts when
 * they change, long-poll the work, and deliver buffered reports in order. Every call is asynchronous and retried
 * with backoff behind a circuit breaker; callbacks run on the shared scheduler.
 */
public final class HubSession {

    private static final Logger log = LoggerFactory.getLogger(HubSession.class);
    /** How long the next poll waits at most for the reports a work answer made to be delivered. */
    static final Duration REPORTS_BEFORE_POLL = Duration.ofSeconds(10);

    private final String name;
    private final HubClient client;
    private final ScheduledExecutorService scheduler;
    private final TokenStore tokens;
    private final Enrolment enrolment;
    private final Supplier<ClusterFacts> facts;
    private final Consumer<WorkResponse> onWork;
    private final ReportDelivery delivery;
    private final ResilientCalls calls;
    private final CompletableFuture<Void> failure = new CompletableFuture<>();
    private volatile boolean running;
    private volatile String token;
    private volatile String refusedToken;
    private volatile long generation;
    private volatile int pollTimeoutSeconds;
    private volatile ClusterFacts pushedFacts;
    private volatile CompletableFuture<WorkResponse> poll;
    private volatile Instant lastPoll;
    private volatile Duration reportsBeforePoll = REPORTS_BEFORE_POLL;
    private volatile Executor reportLane = Runnable::run;

    /**
     * @param name the agent's name in logs (the cluster, once known)
     * @param enrolment the bootstrap or registration token to register with; may be null when a token is stored
     * @param facts the cluster's current facts (called on the scheduler; may read the cluster)
     * @param onWork receives every work answer
     */
    public HubSession(String name, HubClient client, HubResilience resilience, ScheduledExecutorService scheduler,
            TokenStore tokens, Enrolment enrolment, int pollTimeoutSeconds, Supplier<ClusterFacts> facts,
            Consumer<WorkResponse> onWork, ReportBuffer reports) {
        this.name = name;
        this.client = client;
        this.scheduler = scheduler;
        this.tokens = tokens;
        this.enrolment = enrolment;
        this.pollTimeoutSeconds = pollTimeoutSeconds;
        this.facts = facts;
        this.onWork = onWork;
        this.calls = new ResilientCalls(name, resilience, scheduler, () -> running);
        this.delivery = new ReportDelivery(client, calls, reports, scheduler, () -> token, this::refused);
    }

    public void start() {
        running = true;
        scheduler.execute(this::connect);
    }

    public void stop() {
        running = false;
        CompletableFuture<WorkResponse> current = poll;
        if (current != null) {
            current.cancel(true);
        }
    }

    /** Completes exceptionally when the agent cannot go on (its tokens were refused). */
    public CompletableFuture<Void> failure() {
        return failure;
    }

    public boolean connected() {
        return token != null && calls.isReachable();
    }

    /** When a work poll last got an answer (work or "no change"); empty before the first. */
    public Optional<Instant> lastSuccessfulPoll() {
        return Optional.ofNullable(lastPoll);
    }

    private void connect() {
        Optional<String> stored = load();
        if (stored.isPresent()) {
            token = stored.get();
            online();
        } else if (!canRegister()) {
            fail("no agent token is stored and no bootstrap or registration token is configured");
        } else {
            register();
        }
    }

    private void register() {
        ClusterFacts current;
        try {
            current = facts.get();
        } catch (RuntimeException e) {
            // the cluster's API may be down too: registration waits for it
            log.warn("agent {}: cannot discover the cluster facts, trying again in 10 s: {}", name, e.toString());
            scheduler.schedule(this::register, 10, TimeUnit.SECONDS);
            return;
        }
        // every retry of this registration proposes the same agent token: a retry after a lost answer is answered
        // again instead of meeting a bootstrap token the first attempt already spent
        String proposed = AgentTokens.generate();
        calls.call(() -> client.register(enrolment.token(), proposed, enrolment.request(current)))
                .whenCompleteAsync((answer, error) -> registered(answer, error, current), scheduler);
    }

    private void registered(RegisterResponse answer, Throwable error, ClusterFacts sent) {
        if (error == null) {
            tokens.save(answer.agentToken());
            token = answer.agentToken();
            pollTimeoutSeconds = answer.pollTimeoutSeconds() > 0 ? answer.pollTimeoutSeconds() : pollTimeoutSeconds;
            pushedFacts = sent;
            log.info("agent {} registered as cluster {}", name, answer.cluster());
            online();
        } else if (HubResilience.unwrap(error) instanceof HubException.Unauthorized) {
            // another replica may have stored a token meanwhile; one already refused would loop forever
            Optional<String> stored = load().filter(t -> !t.equals(refusedToken));
            if (stored.isPresent()) {
                token = stored.get();
                online();
            } else {
                fail(enrolment.reusable() ? "the registration token was refused ("
                        + HubResilience.unwrap(error).getMessage() + ") and no agent token is stored"
                        : "the bootstrap token was refused (used or expired) and no agent token is stored");
            }
        } else if (HubResilience.unwrap(error) instanceof HubException.Incompatible incompatible) {
            fail(incompatible.getMessage());
        } else if (running && !(HubResilience.unwrap(error) instanceof CancellationException)) {
            fail("registration refused: " + HubResilience.unwrap(error).getMessage());
        }
    }

    private void online() {
        poll();
        pushFacts();
        flush();
    }

    /** Pushes the facts if they changed since the last push; the agent calls it periodically. */
    public void pushFacts() {
        if (!running || token == null) {
            return;
        }
        ClusterFacts current;
        try {
            current = facts.get();
        } catch (RuntimeException e) {
            log.warn("agent {}: cannot discover the cluster facts: {}", name, e.toString());
            return;
        }
        if (current.equals(pushedFacts)) {
            return;
        }
        calls.call(() -> client.putFacts(token, current)).whenCompleteAsync((ok, error) -> {
            if (error == null) {
                pushedFacts = current;
            } else {
                refused("facts", error);
            }
        }, scheduler);
    }

    private void poll() {
        if (!running) {
            return;
        }
        long asked = generation;
        long started = System.nanoTime();
        CompletableFuture<WorkResponse> call = calls.call(() -> client.work(token, asked, pollTimeoutSeconds));
        poll = call;
        call.whenCompleteAsync((work, error) -> {
            if (error != null) {
                if (refused("work poll", error)) {
                    scheduler.schedule(this::poll, 30, TimeUnit.SECONDS);
                }
                return;
            }
            lastPoll = Instant.now();
            // a meta-controller that answers at once without news must not make the agent spin
            boolean hasty = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) < 500
                    && (work == null || work.generation() == asked);
            if (work != null && !hasty) {
                generation = work.generation();
                pollAfterReports(work);
                return;
            }
            if (work != null) {
                generation = work.generation();
                onWork.accept(work);
            }
            if (hasty) {
                scheduler.schedule(this::poll, 1000, TimeUnit.MILLISECONDS);
            } else {
                // at once, without a trip through the delay queue (AgentScheduler)
                scheduler.execute(this::poll);
            }
        }, scheduler);
    }

    /**
     * Hands new work to the agent, then polls again once the reports it made right away were delivered (at most
     * {@link #REPORTS_BEFORE_POLL} later). The poll's connection is then free for those reports: while a rollout
     * reaches it, an agent holds one connection to the meta-controller instead of a parked poll plus a report, which
     * at 10,000 agents is the difference between 10,000 and 20,000 sockets on the meta-controller.
     */
    private void pollAfterReports(WorkResponse work) {
        AtomicBoolean polled = new AtomicBoolean();
        Runnable next = () -> {
            if (polled.compareAndSet(false, true)) {
                poll();
            }
        };
        // armed first: work the agent takes long to start on (a slow cluster API) delays the poll at most so long
        ScheduledFuture<?> atLatest = scheduler.schedule(next, reportsBeforePoll.toMillis(), TimeUnit.MILLISECONDS);
        try {
            onWork.accept(work);
        } finally {
            reportLane.execute(() -> {
                delivery.flush();
                delivery.whenIdle(() -> {
                    atLatest.cancel(false);
                    scheduler.execute(next);
                });
            });
        }
    }

    /**
     * Where the reports of new work are sent from: by default at once, on the thread that handed the work over; an
     * agent runtime shared by thousands of agents sends them after the answers waiting for its threads
     * ({@code AgentRuntime.later}).
     */
    public void reportsOn(Executor lane) {
        this.reportLane = lane;
    }

    /** Tests: how long a poll waits at most for the reports of new work. */
    void reportsBeforePoll(Duration atMost) {
        this.reportsBeforePoll = atMost;
    }

    /** Sends the buffered reports, oldest first. */
    public void flush() {
        if (running) {
            delivery.flush();
        }
    }

    /** Handles a failure that retrying did not cure; true when the caller should carry on. */
    private boolean refused(String what, Throwable error) {
        Throwable cause = HubResilience.unwrap(error);
        if (!running || cause instanceof CancellationException) {
            return false;
        }
        if (cause instanceof HubException.Incompatible) {
            // nothing this agent sends will be taken: stop (the process exits 2) and keep the buffered reports
            fail(cause.getMessage());
            return false;
        }
        if (cause instanceof HubException.Unauthorized) {
            if (token == null) {
                return false;
            }
            refusedToken = token;
            token = null;
            if (canRegister()) {
                log.warn("agent {}: agent token refused, registering again", name);
                register();
            } else {
                fail("the agent token was refused (revoked?) and no bootstrap or registration token is configured");
            }
            return false;
        }
        log.error("agent {}: {} refused: {}", name, what, cause.getMessage());
        return true;
    }

    private boolean canRegister() {
        return enrolment != null && enrolment.token() != null && !enrolment.token().isBlank();
    }

    private Optional<String> load() {
        try {
            return tokens.load();
        } catch (RuntimeException e) {
            log.error("agent {}: cannot read the stored agent token: {}", name, e.getMessage());
            return Optional.empty();
        }
    }

    private void fail(String reason) {
        log.error("agent {}: {}; stopping", name, reason);
        running = false;
        failure.completeExceptionally(new IllegalStateException(reason));
    }
}
