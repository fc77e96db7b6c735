package dev.flotilla.meta.rollout;

import dev.flotilla.meta.token.ApiCaller;
import dev.flotilla.meta.wave.CampaignControls;
import dev.flotilla.meta.wave.CampaignEvent;
import dev.flotilla.meta.wave.CampaignEventStreams;
import dev.flotilla.meta.wave.CampaignQueries;
import dev.flotilla.meta.wave.CampaignState;
import dev.flotilla.meta.wave.TargetFilter;
import dev.flotilla.meta.web.Page;
import jakarta.validation.Valid;
import java.net.URI;
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

/**
 * {@code /api/v1/rollouts}: start (or dry-run) a rollout; follow and control it here in the rollout's shape, or
 * through {@code /api/v1/campaigns/{id}} like any campaign.
 */
@RestController
@RequestMapping("/api/v1/rollouts")
class RolloutController {

    private final RolloutService rollouts;
    private final CampaignQueries queries;
    private final CampaignEventStreams streams;

    RolloutController(RolloutService rollouts, CampaignQueries queries, CampaignEventStreams streams) {
        this.rollouts = rollouts;
        this.queries = queries;
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
            TargetFilter filter) {
        return rollouts.targets(caller, id, filter);
    }

    @GetMapping("/{id}/events")
    Page<CampaignEvent> events(@AuthenticationPrincipal ApiCaller caller, @PathVariable long id,
            @RequestParam(required = false) String cursor, @RequestParam(required = false) Long after,
            @RequestParam(required = false) Integer limit) {
        return queries.events(caller, id, RolloutWork.KIND, cursor, after, Page.limit(limit));
    }

    @GetMapping(path = "/{id}/events/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(@AuthenticationPrincipal ApiCaller caller, @PathVariable long id,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            @RequestParam(required = false) Long after) {
        queries.head(caller, id, RolloutWork.KIND);
        return streams.open(id, lastEventId, after);
    }

    @PostMapping("/{id}/{action:" + CampaignControls.ACTIONS + "}")
    RolloutView control(@AuthenticationPrincipal ApiCaller caller, @PathVariable long id,
            @PathVariable String action) {
        return rollouts.control(caller, id, action);
    }
}
