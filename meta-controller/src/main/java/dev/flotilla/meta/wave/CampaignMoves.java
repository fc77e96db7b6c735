package dev.flotilla.meta.wave;

import dev.flotilla.meta.web.FlotillaException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/** The state changes the engine and the operator controls share; always inside the caller's transaction. */
@Component
class CampaignMoves {

    private static final Logger log = LoggerFactory.getLogger(CampaignMoves.class);

    private final CampaignRows campaigns;
    private final Targets targets;
    private final History events;
    private final Map<String, CampaignKind> works;
    private final TargetUpdates updates;

    CampaignMoves(CampaignRows campaigns, Targets targets, History events, List<CampaignKind> kinds,
            TargetUpdates updates) {
        this.campaigns = campaigns;
        this.targets = targets;
        this.events = events;
        this.updates = updates;
        this.works = kinds.stream().collect(Collectors.toMap(CampaignKind::kind, Function.identity()));
    }

    CampaignKind work(CampaignRow c) {
        CampaignKind work = works.get(c.kind());
        if (work == null) {
            throw new IllegalStateException("no target work for campaign kind " + c.kind());
        }
        return work;
    }

    /** Moves the campaign if its state machine allows it (else a 409 naming both states), with an event. */
    void moveTo(CampaignRow c, CampaignState next, String message) {
        c.state().checkMove(c.label(), next);
        try {
            campaigns.moveTo(c.id(), next, message);
        } catch (DuplicateKeyException e) {
            throw FlotillaException.conflict("another " + c.kind().toLowerCase(java.util.Locale.ROOT) + " of '"
                    + c.subject() + "' is active").with(c.kind().toLowerCase(java.util.Locale.ROOT), c.id());
        }
        events.append(c.id(), CampaignEvent.New.of(next.name(), message));
        log.info("{}: {} -> {} ({})", c.label(), c.state(), next, message);
    }

    /**
     * The campaign was aborted: its in-flight targets stop for good, as their kind of work defines it, and end
     * ABORTED (later reports no longer move them; a rollback still returns them).
     */
    void abortInFlight(CampaignRow c) {
        List<Long> inFlight = targets.inFlight(c.id());
        if (!inFlight.isEmpty()) {
            work(c).abort(c.id(), inFlight);
            updates.apply(inFlight.stream().map(id -> new TargetUpdate(c.id(), id, TargetState.ABORTED, null, null,
                    null, "the " + c.kind().toLowerCase(java.util.Locale.ROOT) + " was aborted: stopped where it was"))
                    .toList());
        }
    }

    /** Targets whose work could not be made: FAILED with why. */
    void failAtOnce(CampaignRow c, Map<Long, String> failed) {
        updates.apply(failed.entrySet().stream().map(e -> new TargetUpdate(c.id(), e.getKey(), TargetState.FAILED,
                null, null, null, e.getValue())).toList());
    }

    /** Refuses (409) a rollback of a campaign whose kind of work cannot be rolled back. */
    void checkRollbackPossible(CampaignRow c) {
        work(c).rollbackRefusal().ifPresent(why -> {
            throw FlotillaException.conflict(c.label() + " cannot be rolled back: " + why)
                    .with(c.kind().toLowerCase(java.util.Locale.ROOT), c.id());
        });
    }

    void setInFlightPaused(CampaignRow c, boolean paused) {
        List<Long> inFlight = targets.inFlight(c.id());
        if (!inFlight.isEmpty()) {
            work(c).setPaused(c.id(), inFlight, paused);
        }
    }

    void skipPending(CampaignRow c, String why) {
        List<Long> skipped = targets.skipPending(c.id(), why);
        if (!skipped.isEmpty()) {
            work(c).skipped(c.id(), skipped);
            events.append(c.id(), CampaignEvent.New.of("TARGETS_SKIPPED",
                    skipped.size() + " pending targets skipped: " + why));
        }
    }

    /**
     * Re-dispatches every touched target with its previous work; targets the kind had nothing to return are rolled
     * back at once. A campaign that had succeeded is returned gradually instead: its targets are queued
     * (ROLLBACK_PENDING) and the engine re-dispatches them within maxConcurrency ({@link #returnQueued}).
     */
    void startRollback(CampaignRow c, String reason) {
        checkRollbackPossible(c);
        boolean succeeded = c.state() == CampaignState.SUCCEEDED;
        moveTo(c, CampaignState.ROLLING_BACK, reason);
        if (succeeded) {
            int queued = targets.queueRollback(c.id(), "waiting to roll back");
            events.append(c.id(), CampaignEvent.New.of("ROLLBACK_QUEUED", queued + " targets wait to roll back"
                    + (c.maxConcurrency() == null ? "" : ", at most " + c.maxConcurrency() + " at a time")));
            log.info("{}: {} targets queued to roll back", c.label(), queued);
            return;
        }
        skipPending(c, "the " + c.kind().toLowerCase(java.util.Locale.ROOT) + " is rolling back");
        returnTargets(c, targets.beginRollback(c.id(), "rolling back"));
    }

    /** Re-dispatches the next queued targets of a campaign rolled back after it succeeded, at most {@code room}. */
    void returnQueued(CampaignRow c, int room) {
        returnTargets(c, targets.dispatchRollback(c.id(), room, "rolling back"));
    }

    private void returnTargets(CampaignRow c, List<Targets.RollingBack> touched) {
        if (touched.isEmpty()) {
            return;
        }
        Map<Long, String> previous = new HashMap<>();
        touched.stream().filter(t -> t.previous() != null).forEach(t -> previous.put(t.clusterId(), t.previous()));
        CampaignKind.Returned returned = work(c).rollback(c.id(),
                touched.stream().map(Targets.RollingBack::clusterId).toList(), previous);
        List<Long> done = returned.done();
        List<CampaignEvent.New> news = new ArrayList<>();
        touched.forEach(t -> news.add(new CampaignEvent.New("TARGET_ROLLING_BACK", "rolling back", t.cluster())));
        if (!done.isEmpty()) {
            String why = "nothing of this " + c.kind().toLowerCase(java.util.Locale.ROOT) + " left to return";
            targets.rolledBack(c.id(), done, why)
                    .forEach(t -> news.add(new CampaignEvent.New("TARGET_ROLLED_BACK", why, t.cluster())));
        }
        events.append(c.id(), news);
        if (!returned.failed().isEmpty()) {
            failAtOnce(c, returned.failed());
        }
        log.info("{}: rolling back {} touched targets", c.label(), touched.size());
    }
}
