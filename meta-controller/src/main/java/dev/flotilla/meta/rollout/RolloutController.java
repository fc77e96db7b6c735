package dev.flotilla.meta.rollout;

import dev.flotilla.meta.application.Page;
import dev.flotilla.meta.token.ApiCaller;
import dev.flotilla.meta.wave.CampaignEvent;
import dev.flotilla.meta.wave.CampaignEventStreams;
import dev.flotilla.meta.wave.CampaignState;
import dev.flotilla.meta.wave.Campaigns;
import dev.flotilla.meta.wave.TargetState;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** {@code /api/v1/rollouts}: start (or dry-run) a rollout, follow it, and pause, resume, abort, roll back, approve. */
@RestController
@RequestMapping("/api/v1/rollouts")
class RolloutController {

    private final RolloutService rollouts;
    private final RolloutReads reads;
    private final Campaigns campaigns;
    private final CampaignEventStreams streams;

    RolloutController(RolloutService rollouts, RolloutReads reads, Campaigns campaigns,
            CampaignEventStreams streams) {
        this.rollouts = rollouts;
        this.reads = reads;
        this.campaigns = campaigns;
        this.streams = streams;
    }

    @PostMapping
    ResponseEntity<Object> create(@AuthenticationPrincipal ApiCaller caller,
            @Valid @RequestBody RolloutRequest request) {
        RolloutService.Created created = rollouts.create(caller, request);
        if (created instanceof RolloutService.Planned planned) {
            return ResponseEntity.ok(planned.plan());
        }
        RolloutView rollout = ((RolloutService.Started) created).rollout();
        return ResponseEntity.created(URI.create("/api/v1/rollouts/" + rollout.id())).body(rollout);
    }

    @GetMapping
    Page<RolloutView.Summary> list(@AuthenticationPrincipal ApiCaller caller,
            @RequestParam(required = false) String application, @RequestParam(required = false) CampaignState state,
            @RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
        return rollouts.list(caller, application, state, cursor, Page.limit(limit));
    }

    @GetMapping("/{id}")
    RolloutView get(@AuthenticationPrincipal ApiCaller caller, @PathVariable long id) {
        return rollouts.get(caller, id);
    }

    @GetMapping("/{id}/targets")
    Page<RolloutTargetView> targets(@AuthenticationPrincipal ApiCaller caller, @PathVariable long id,
            @RequestParam(required = false) TargetState state, @RequestParam(required = false) Integer wave,
            @RequestParam(required = false) String zone, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        reads.head(caller, id);
        return reads.targets(id, state, wave, zone, cursor, Page.limit(limit));
    }

    @GetMapping("/{id}/events")
    Page<CampaignEvent> events(@AuthenticationPrincipal ApiCaller caller, @PathVariable long id,
            @RequestParam(required = false) String cursor, @RequestParam(required = false) Long after,
            @RequestParam(required = false) Integer limit) {
        reads.head(caller, id);
        int max = Page.limit(limit);
        List<CampaignEvent> items = campaigns.events(id, after(cursor, after), max);
        return new Page<>(items, items.size() < max ? null : String.valueOf(items.get(items.size() - 1).seq()));
    }

    @GetMapping(path = "/{id}/events/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(@AuthenticationPrincipal ApiCaller caller, @PathVariable long id,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            @RequestParam(required = false) Long after) {
        reads.head(caller, id);
        return streams.open(id, lastEventId, after);
    }

    @PostMapping("/{id}/{action:pause|resume|abort|rollback|approve}")
    RolloutView control(@AuthenticationPrincipal ApiCaller caller, @PathVariable long id,
            @PathVariable String action) {
        return rollouts.control(caller, id, action);
    }

    /** Events are paged by seq: the cursor is the last seq seen, also accepted as {@code after}. */
    private static long after(String cursor, Long after) {
        if (cursor == null || cursor.isEmpty()) {
            return after == null ? 0 : after;
        }
        return CampaignEventStreams.seq(cursor);
    }
}
