package dev.flotilla.meta.wave;

import dev.flotilla.meta.token.ApiCaller;
import dev.flotilla.meta.web.FlotillaException;
import java.time.Clock;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The operator's controls: pause, resume, abort, rollback, approve. Each waits for a running engine pass, and its
 * event names who pressed it ("paused by alice").
 */
@Service
public class CampaignControls {

    private final CampaignRows campaigns;
    private final Targets targets;
    private final CampaignMoves moves;
    private final WaveEngine engine;
    private final AnalysisGate analysis;
    private final Clock clock;

    CampaignControls(CampaignRows campaigns, Targets targets, CampaignMoves moves, WaveEngine engine,
            AnalysisGate analysis, Clock clock) {
        this.campaigns = campaigns;
        this.targets = targets;
        this.moves = moves;
        this.engine = engine;
        this.analysis = analysis;
        this.clock = clock;
    }

    /** The controls by name, as the API paths spell them. */
    public static final String ACTIONS = "pause|resume|abort|rollback|approve";

    /** Who an event names when no caller is known. */
    static final String SOMEONE = "an operator";

    /**
     * Runs the named control ({@link #ACTIONS}) in one transaction for this caller, whom its event names; any other
     * name is not found.
     */
    @Transactional
    public void apply(String kind, long id, String action, ApiCaller caller) {
        String actor = actor(caller);
        switch (action) {
            case "pause" -> pause(kind, id, actor);
            case "resume" -> resume(kind, id, actor);
            case "abort" -> abort(kind, id, actor);
            case "rollback" -> rollback(kind, id, actor);
            case "approve" -> approve(kind, id, actor);
            default -> throw FlotillaException.notFound("action", action);
        }
    }

    /** How an event names a caller: its display name, with the token or subject behind it when they differ. */
    public static String actor(ApiCaller caller) {
        if (caller == null) {
            return SOMEONE;
        }
        String name = caller.displayName() == null || caller.displayName().isBlank() ? caller.tokenName()
                : caller.displayName();
        return name.equals(caller.tokenName()) ? name : name + " (" + caller.tokenName() + ")";
    }

    @Transactional
    public void pause(String kind, long id) {
        pause(kind, id, SOMEONE);
    }

    /** Nothing new starts; in-flight targets stop at their next batch boundary. */
    @Transactional
    public void pause(String kind, long id, String actor) {
        CampaignRow c = lock(kind, id);
        moves.moveTo(c, CampaignState.PAUSED, "paused by " + actor);
        moves.setInFlightPaused(c, true);
    }

    /**
     * Goes on; after a spent failure budget, the failures so far are accepted and the next one pauses again; a wave
     * whose analysis failed or was inconclusive is measured again from its first round.
     */
    @Transactional
    public void resume(String kind, long id) {
        resume(kind, id, SOMEONE);
    }

    @Transactional
    public void resume(String kind, long id, String actor) {
        CampaignRow c = lock(kind, id);
        moves.moveTo(c, CampaignState.RUNNING, "resumed by " + actor);
        if (c.currentWave() >= 0) {
            analysis.restart(id, c.currentWave(), clock.instant());
        }
        int failures = targets.counts(id, c.currentWave()).failures();
        if (c.budgetSpent(failures)) {
            campaigns.failureBase(id, failures - c.maxFailures());
        }
        moves.setInFlightPaused(c, false);
        engine.wakeAfterCommit(id);
    }

    /** Stops dispatching for good; in-flight targets stop as their kind of work defines (rollouts: paused in place). */
    @Transactional
    public void abort(String kind, long id) {
        abort(kind, id, SOMEONE);
    }

    @Transactional
    public void abort(String kind, long id, String actor) {
        CampaignRow c = lock(kind, id);
        moves.moveTo(c, CampaignState.ABORTED, "aborted by " + actor);
        // targets before work rows, the order every writer takes them in
        moves.skipPending(c, "the " + kind.toLowerCase(java.util.Locale.ROOT) + " was aborted");
        moves.abortInFlight(c);
    }

    /** Returns every touched target to what it ran before. */
    @Transactional
    public void rollback(String kind, long id) {
        rollback(kind, id, SOMEONE);
    }

    @Transactional
    public void rollback(String kind, long id, String actor) {
        CampaignRow c = lock(kind, id);
        c.state().checkMove(c.label(), CampaignState.ROLLING_BACK);
        moves.checkRollbackPossible(c);
        moves.startRollback(c, "rollback requested by " + actor);
        engine.wakeAfterCommit(id);
    }

    /** Lets the wave waiting for approval start. */
    @Transactional
    public void approve(String kind, long id) {
        approve(kind, id, SOMEONE);
    }

    @Transactional
    public void approve(String kind, long id, String actor) {
        CampaignRow c = lock(kind, id);
        if (c.state() != CampaignState.WAITING_APPROVAL) {
            // only a wave waiting for its approval can be approved
            throw FlotillaException.illegalTransition(c.label(), c.state(), "approved");
        }
        campaigns.approveThrough(id, c.currentWave() + 1);
        moves.moveTo(c, CampaignState.RUNNING, "wave " + (c.currentWave() + 1) + " approved by " + actor);
        engine.wakeAfterCommit(id);
    }

    private CampaignRow lock(String kind, long id) {
        return campaigns.lock(kind, id)
                .orElseThrow(() -> FlotillaException.notFound(kind.toLowerCase(java.util.Locale.ROOT),
                        String.valueOf(id)));
    }
}
