package dev.flotilla.meta.wave;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;

/**
 * One engine pass over one campaign, in one transaction under the campaign's row lock (SKIP LOCKED, so two
 * replicas never advance the same campaign): check the failure budget, dispatch the current wave within
 * maxConcurrency, or close the wave and open the next behind its soak and approval gates.
 */
@Component
class CampaignStep {

    /** Dispatches per pass at most: keeps each transaction short; the engine passes again at once. */
    static final int DISPATCH_BATCH = 1000;
    /** Pending targets read per query when looking for ones that may start now. */
    static final int SCAN_PAGE = 100;
    /** Pages scanned per pass at most: a wave of targets that all wait costs a bounded pass. */
    static final int MAX_SCAN_PAGES = 20;
    /** Campaigns whose pending floor is kept at most; past it the floors are forgotten and learnt again. */
    static final int MAX_PENDING_FLOORS = 10_000;
    /** See {@link #reportPassMillis}: a campaign in flight counts about 10,000 of its targets a second at most. */
    static final int TARGETS_PER_REPORT_PASS_MILLI = 10;
    /** See {@link #reportPassMillis}: a campaign in flight passes on reports at least this often. */
    static final long MAX_REPORT_PASS_MILLIS = 1000;
    private static final Logger log = LoggerFactory.getLogger(CampaignStep.class);

    private final CampaignRows campaigns;
    private final Targets targets;
    private final History events;
    private final CampaignMoves moves;
    private final TargetUpdates updates;
    private final TransactionOperations tx;
    private final AnalysisGate analysis;
    private final Clock clock;
    /** Per campaign, see {@link #pick}: the wave and the position before which none of its targets is pending. */
    private final Map<Long, PendingFloor> pendingFloors = new ConcurrentHashMap<>();

    /** No target of the campaign's {@code wave} at or before {@code position} is pending. */
    private record PendingFloor(int wave, int position) {
    }

    /**
     * Runs each pass in one transaction through {@code tx}: Spring's {@code TransactionTemplate} in the application,
     * {@code TransactionOperations.withoutTransaction()} in a unit test over in-memory stores.
     */
    CampaignStep(CampaignRows campaigns, Targets targets, History events, CampaignMoves moves,
            TargetUpdates updates, TransactionOperations tx, AnalysisGate analysis, Clock clock) {
        this.campaigns = campaigns;
        this.targets = targets;
        this.events = events;
        this.moves = moves;
        this.updates = updates;
        this.tx = tx;
        this.analysis = analysis;
        this.clock = clock;
    }

    /**
     * What a pass leaves for the engine: whether another should follow at once, and how soon reports may bring the
     * next one ({@link #reportPassMillis}).
     */
    record Pass(boolean again, long reportPassMillis) {

        static final Pass NONE = new Pass(false, WaveEngine.REPORT_PASS_MILLIS);
    }

    /** One pass over the campaign, if it is moving and no other replica holds it. */
    Pass advance(long id) {
        Pass pass = tx.execute(status -> campaigns.claim(id).map(c -> {
            TargetCounts counts = targets.counts(c.id(), c.currentWave());
            boolean again = c.state() == CampaignState.ROLLING_BACK ? rollingBack(c, counts) : running(c, counts);
            return new Pass(again, reportPassMillis(c, counts));
        }).orElse(Pass.NONE));
        return pass == null ? Pass.NONE : pass;
    }

    /**
     * How soon after its last pass reports may bring a campaign's next one. Each pass counts all the campaign's
     * targets (36 ms of PostgreSQL at 10,000 during a rollout, docs/benchmarks.md), and reports come several a
     * millisecond. While some of its targets still wait for room under maxConcurrency each report may free some:
     * {@link WaveEngine#REPORT_PASS_MILLIS}. Once every target the pass could start is in flight, no report can
     * change what a pass does before the last one closes the wave (or one spends the failure budget): a large
     * campaign then passes on reports every targets / {@link #TARGETS_PER_REPORT_PASS_MILLI} ms (up to
     * {@link #MAX_REPORT_PASS_MILLIS}: one second at 10,000), so that it counts about 10,000 rows a second however
     * large it is; the wave's end is seen that much later at most.
     */
    static long reportPassMillis(CampaignRow c, TargetCounts counts) {
        boolean waiting = c.state() == CampaignState.ROLLING_BACK
                ? counts.all().getOrDefault(TargetState.ROLLBACK_PENDING, 0) == 0
                : counts.wave().getOrDefault(TargetState.PENDING, 0) == 0;
        if (!waiting) {
            return WaveEngine.REPORT_PASS_MILLIS;
        }
        return Math.max(WaveEngine.REPORT_PASS_MILLIS,
                Math.min(MAX_REPORT_PASS_MILLIS, c.targetCount() / TARGETS_PER_REPORT_PASS_MILLI));
    }

    private boolean running(CampaignRow c, TargetCounts counts) {
        if (c.budgetSpent(counts.failures())) {
            spendBudget(c, counts);
            return false;
        }
        if (c.currentWave() >= 0 && counts.waveOpen()) {
            boolean more = dispatch(c, counts);
            return progress(c) || more;
        }
        progress(c);
        AnalysisGate.Verdict verdict = analyse(c);
        if (!verdict.failedTargets().isEmpty()) {
            failTargets(c, verdict.failedTargets());
            return true; // the next pass weighs them against the failure budget
        }
        if (verdict.state() == AnalysisGate.State.FAILED || verdict.state() == AnalysisGate.State.INCONCLUSIVE) {
            stopForAnalysis(c, verdict);
            return false;
        }
        boolean soaks = soaks(c, counts);
        if (soaks && stillSoaking(c)) {
            return false;
        }
        if (verdict.state() == AnalysisGate.State.RUNNING) {
            return false;
        }
        if (verdict.state() == AnalysisGate.State.PASSED) {
            events.append(c.id(), CampaignEvent.New.of("ANALYSIS_PASSED", "wave " + c.currentWave() + " analysis "
                    + "passed: " + verdict.message()));
        }
        boolean left = c.currentWave() >= 0 && !soaks;
        int next = c.currentWave() + 1;
        if (next >= c.waves().size()) {
            waveCompleted(c, left);
            moves.moveTo(c, CampaignState.SUCCEEDED, "all " + c.waves().size() + " waves complete");
            return false;
        }
        if (c.approvalWaves().contains(next) && c.approvedThrough() < next) {
            waveCompleted(c, left);
            moves.moveTo(c, CampaignState.WAITING_APPROVAL, "wave " + next + " waits for approval");
            return false;
        }
        waveCompleted(c, left && !c.approvalWaves().contains(next));
        startWave(c, next);
        return true;
    }

    private boolean dispatch(CampaignRow c, TargetCounts counts) {
        CampaignKind work = moves.work(c);
        boolean skipNotReady = c.unreachable() == UnreachablePolicy.SKIP;
        List<Targets.Moved> skipped = targets.skipUnavailable(c.id(), c.currentWave(), skipNotReady);
        if (!skipped.isEmpty()) {
            work.skipped(c.id(), skipped.stream().map(Targets.Moved::clusterId).toList());
            events.append(c.id(), skipped.stream().map(t -> new CampaignEvent.New("TARGET_SKIPPED",
                    "cluster not READY when its turn came", t.cluster())).toList());
        }
        int room = c.maxConcurrency() == null ? DISPATCH_BATCH
                : Math.min(DISPATCH_BATCH, c.maxConcurrency() - counts.inFlight());
        if (room <= 0) {
            return !skipped.isEmpty();
        }
        List<Targets.Moved> sent = targets.dispatch(c.id(), pick(c, work, room));
        Map<Long, String> failed = Map.of();
        if (!sent.isEmpty()) {
            failed = work.dispatch(c.id(), sent.stream().map(Targets.Moved::clusterId).toList());
            events.append(c.id(), sent.stream().map(t -> new CampaignEvent.New("TARGET_DISPATCHED",
                    "dispatched in wave " + c.currentWave(), t.cluster())).toList());
            log.info("{}: dispatched {} targets of wave {}", c.label(), sent.size(), c.currentWave());
        }
        if (!failed.isEmpty()) {
            // the next pass weighs them against the failure budget
            moves.failAtOnce(c, failed);
        }
        return sent.size() == room || !skipped.isEmpty() || !failed.isEmpty();
    }

    /**
     * Lets the kind move staged work on (the one place an upgrade's next step starts) and applies what that changed;
     * a target that moved may close the wave, so another pass follows at once.
     */
    private boolean progress(CampaignRow c) {
        return !updates.apply(moves.work(c).progress(c.id(), clock.instant())).isEmpty();
    }

    /**
     * The next pending targets (carrier READY) in plan order that the work lets start now, at most {@code room}.
     * Targets that may not start yet are passed over (and their reason noted) so that others can use the room;
     * they are asked again on the next pass.
     *
     * <p>The search starts where the wave's pending targets began at the previous pass's search (its floor): the
     * plan-order index holds no state (a target's report would otherwise leave an entry in it, V18), so a search
     * from the wave's start would read every target already dispatched again, ten passes of 1,000 at 10,000. No
     * target ever returns to PENDING and targets are only planned with their campaign, so a floor stays true
     * whoever moves the targets on, this replica or another, and whether or not this pass commits; a replica
     * without one searches from the start.
     */
    private List<Long> pick(CampaignRow c, CampaignKind work, int room) {
        Instant now = clock.instant();
        int page = Math.min(DISPATCH_BATCH, Math.max(room, SCAN_PAGE));
        List<Long> picked = new ArrayList<>();
        Map<Long, String> waiting = new LinkedHashMap<>();
        PendingFloor floor = pendingFloors.get(c.id());
        int after = floor != null && floor.wave() == c.currentWave() ? floor.position() : 0;
        for (int pages = 0; pages < MAX_SCAN_PAGES && picked.size() < room; pages++) {
            Targets.Candidates found = targets.candidates(c.id(), c.currentWave(), after, page);
            if (pages == 0) {
                keepFloor(c, found.firstPending() - 1);
            }
            List<Targets.Candidate> next = found.ready();
            if (next.isEmpty()) {
                break;
            }
            Map<Long, String> notYet = work.notYet(c.id(),
                    next.stream().map(Targets.Candidate::clusterId).toList(), now);
            waiting.putAll(notYet);
            next.stream().map(Targets.Candidate::clusterId).filter(id -> !notYet.containsKey(id))
                    .limit(room - picked.size()).forEach(picked::add);
            after = next.get(next.size() - 1).position();
        }
        targets.noteWaiting(c.id(), waiting);
        return picked;
    }

    private void keepFloor(CampaignRow c, int position) {
        if (pendingFloors.size() >= MAX_PENDING_FLOORS) {
            pendingFloors.clear();
        }
        pendingFloors.put(c.id(), new PendingFloor(c.currentWave(), position));
    }

    /** A wave soaks when it had targets and is not the last. */
    private static boolean soaks(CampaignRow c, TargetCounts counts) {
        return c.currentWave() >= 0 && c.soakSeconds() > 0 && counts.waveSize() > 0
                && c.currentWave() < c.waves().size() - 1;
    }

    private boolean stillSoaking(CampaignRow c) {
        Instant now = clock.instant();
        if (c.soakUntil() == null) {
            Instant until = now.plusSeconds(c.soakSeconds());
            campaigns.soakUntil(c.id(), until);
            waveCompleted(c, true);
            events.append(c.id(), CampaignEvent.New.of("SOAK_STARTED",
                    "wave " + c.currentWave() + " soaks for " + c.soakSeconds() + "s until " + until));
            log.info("{}: wave {} soaks until {}", c.label(), c.currentWave(), until);
            return true;
        }
        return now.isBefore(c.soakUntil());
    }

    private void waveCompleted(CampaignRow c, boolean emit) {
        if (emit && c.currentWave() >= 0) {
            events.append(c.id(), CampaignEvent.New.of("WAVE_COMPLETED", "wave " + c.currentWave() + " ("
                    + c.waves().get(c.currentWave()).name() + ") complete"));
        }
    }

    private void startWave(CampaignRow c, int next) {
        campaigns.startWave(c.id(), next);
        CampaignRow.WaveInfo wave = c.waves().get(next);
        events.append(c.id(), CampaignEvent.New.of("WAVE_STARTED",
                "wave " + next + " (" + wave.name() + ") started: " + wave.size() + " targets"));
        log.info("{}: wave {} ({}) started with {} targets", c.label(), next, wave.name(), wave.size());
    }

    /** The current wave's analysis (none before the first wave), its new rounds told in the campaign's events. */
    private AnalysisGate.Verdict analyse(CampaignRow c) {
        if (c.currentWave() < 0) {
            return AnalysisGate.Verdict.NO_ANALYSIS;
        }
        AnalysisGate.Verdict verdict = analysis.check(c.id(), c.currentWave(), clock.instant());
        if (!verdict.rounds().isEmpty()) {
            events.append(c.id(), verdict.rounds().stream()
                    .map(line -> CampaignEvent.New.of("ANALYSIS_MEASURED", line)).toList());
        }
        return verdict;
    }

    /** Succeeded targets whose own metrics failed: FAILED, with the measurement that failed them. */
    private void failTargets(CampaignRow c, Map<Long, String> failed) {
        List<TargetUpdate> fail = failed.entrySet().stream().map(e -> new TargetUpdate(c.id(), e.getKey(),
                TargetState.FAILED, null, null, null, "wave " + c.currentWave() + " analysis failed the cluster: "
                        + e.getValue())).toList();
        log.info("{}: wave {} analysis failed {} clusters", c.label(), c.currentWave(), fail.size());
        updates.apply(fail);
    }

    /**
     * A failed analysis applies the campaign's onFailure at once, whatever soak time is left; an inconclusive one
     * (no data, provider down) pauses it with the reason.
     */
    private void stopForAnalysis(CampaignRow c, AnalysisGate.Verdict verdict) {
        String why = "wave " + c.currentWave() + " analysis " + verdict.state().name().toLowerCase(
                java.util.Locale.ROOT) + ": " + verdict.message();
        events.append(c.id(), CampaignEvent.New.of("ANALYSIS_" + verdict.state().name(), why));
        log.info("{}: {}", c.label(), why);
        if (verdict.state() == AnalysisGate.State.FAILED && c.onFailure() == FailurePolicy.ROLLBACK) {
            moves.startRollback(c, why);
        } else {
            moves.moveTo(c, CampaignState.PAUSED, why);
        }
    }

    private void spendBudget(CampaignRow c, TargetCounts counts) {
        String why = "failure budget spent: " + (counts.failures() - c.failureBase()) + " failed targets, "
                + c.maxFailures() + " tolerated";
        events.append(c.id(), CampaignEvent.New.of("BUDGET_SPENT", why));
        if (c.onFailure() == FailurePolicy.ROLLBACK) {
            moves.startRollback(c, why);
        } else {
            moves.moveTo(c, CampaignState.PAUSED, why);
            moves.setInFlightPaused(c, true);
        }
    }

    private boolean rollingBack(CampaignRow c, TargetCounts counts) {
        int queued = counts.all().getOrDefault(TargetState.ROLLBACK_PENDING, 0);
        if (queued > 0) {
            // a rollback after success returns the targets within maxConcurrency, in plan order
            int room = c.maxConcurrency() == null ? DISPATCH_BATCH
                    : Math.min(DISPATCH_BATCH, c.maxConcurrency() - counts.inFlight());
            if (room <= 0) {
                return false;
            }
            moves.returnQueued(c, room);
            return true;
        }
        if (counts.rollbackInFlight() > 0) {
            return false;
        }
        if (counts.rollbackFailed() > 0) {
            moves.moveTo(c, CampaignState.FAILED, counts.rollbackFailed() + " targets failed to roll back");
        } else {
            moves.moveTo(c, CampaignState.ROLLED_BACK, "every touched target rolled back");
        }
        return false;
    }
}
