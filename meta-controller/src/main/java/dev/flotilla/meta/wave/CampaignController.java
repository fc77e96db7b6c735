package dev.flotilla.meta.wave;

import dev.flotilla.meta.token.ApiCaller;
import dev.flotilla.meta.web.Page;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code /api/v1/campaigns}: every campaign (rollouts and upgrade campaigns alike) read and controlled through one
 * surface. Campaigns are created through their kind's endpoint ({@code POST /api/v1/rollouts},
 * {@code POST /api/v1/upgrades}); {@code /api/v1/rollouts/...} and {@code /api/v1/upgrades/campaigns/...} stay as
 * views of this one, in their kind's shape.
 */
@RestController
@RequestMapping("/api/v1/campaigns")
class CampaignController {

    private final CampaignQueries queries;
    private final CampaignControls controls;
    private final CampaignEventStreams streams;

    CampaignController(CampaignQueries queries, CampaignControls controls, CampaignEventStreams streams) {
        this.queries = queries;
        this.controls = controls;
        this.streams = streams;
    }

    /** Newest first; {@code kind} (ROLLOUT, UPGRADE), {@code subject} and {@code state} filter. */
    @GetMapping
    Page<CampaignQueries.Summary> list(@AuthenticationPrincipal ApiCaller caller,
            @RequestParam(required = false) String kind, @RequestParam(required = false) String subject,
            @RequestParam(required = false) CampaignState state, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        return queries.list(caller, kind, subject, state, cursor, Page.limit(limit));
    }

    @GetMapping("/{id}")
    CampaignQueries.Status get(@AuthenticationPrincipal ApiCaller caller, @PathVariable long id) {
        return queries.status(caller, id, null);
    }

    @GetMapping("/{id}/targets")
    Page<CampaignQueries.Target> targets(@AuthenticationPrincipal ApiCaller caller, @PathVariable long id,
            TargetFilter filter) {
        Page<TargetRow> rows = queries.targets(caller, id, null, filter);
        return new Page<>(rows.items().stream().map(queries::target).toList(), rows.nextCursor());
    }

    /** Paged by seq: the cursor is the last seq seen ({@code after} too). */
    @GetMapping("/{id}/events")
    Page<CampaignEvent> events(@AuthenticationPrincipal ApiCaller caller, @PathVariable long id,
            @RequestParam(required = false) String cursor, @RequestParam(required = false) Long after,
            @RequestParam(required = false) Integer limit) {
        return queries.events(caller, id, null, cursor, after, Page.limit(limit));
    }

    @GetMapping(path = "/{id}/events/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(@AuthenticationPrincipal ApiCaller caller, @PathVariable long id,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            @RequestParam(required = false) Long after) {
        queries.head(caller, id, null);
        return streams.open(id, lastEventId, after);
    }

    @PostMapping("/{id}/{action:" + CampaignControls.ACTIONS + "}")
    CampaignQueries.Status control(@AuthenticationPrincipal ApiCaller caller, @PathVariable long id,
            @PathVariable String action) {
        CampaignQueries.Head head = queries.head(caller, id, null);
        controls.apply(head.kind(), id, action, caller);
        return queries.status(caller, id, null);
    }
}
