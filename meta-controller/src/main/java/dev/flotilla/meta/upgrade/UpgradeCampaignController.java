package dev.flotilla.meta.upgrade;

import dev.flotilla.meta.token.ApiCaller;
import dev.flotilla.meta.wave.CampaignControls;
import dev.flotilla.meta.wave.CampaignEvent;
import dev.flotilla.meta.wave.CampaignEventStreams;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Fleet upgrade campaigns: {@code POST /api/v1/upgrades} (start or dry-run), {@code GET /api/v1/upgrades} (list),
 * and {@code /api/v1/upgrades/campaigns/{id}} with its targets, events (paged or streamed) and controls, in the upgrade's
 * shape (the same campaigns are read and controlled through {@code /api/v1/campaigns/{id}}). A single cluster's
 * upgrade stays {@code /api/v1/upgrades/{id}}.
 */
@RestController
class UpgradeCampaignController {

    private final UpgradeCampaignService campaigns;
    private final CampaignEventStreams streams;

    UpgradeCampaignController(UpgradeCampaignService campaigns, CampaignEventStreams streams) {
        this.campaigns = campaigns;
        this.streams = streams;
    }

    @PostMapping("/api/v1/upgrades")
    ResponseEntity<Object> create(@AuthenticationPrincipal ApiCaller caller,
            @Valid @RequestBody UpgradeCampaignRequest request) {
        UpgradeCampaignService.Created created = campaigns.create(caller, request);
        if (created instanceof UpgradeCampaignService.Planned planned) {
            return ResponseEntity.ok(planned.plan());
        }
        UpgradeCampaignViews.CampaignStatus status = ((UpgradeCampaignService.Started) created).campaign();
        return ResponseEntity.created(URI.create("/api/v1/upgrades/campaigns/" + status.campaign().id()))
                .body(status);
    }

    @GetMapping("/api/v1/upgrades")
    Page<UpgradeCampaignViews.Summary> list(@AuthenticationPrincipal ApiCaller caller,
            @RequestParam(required = false) CampaignState state, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        return campaigns.list(caller, state, cursor, Page.limit(limit));
    }

    @GetMapping("/api/v1/upgrades/campaigns/{id}")
    UpgradeCampaignViews.CampaignStatus get(@AuthenticationPrincipal ApiCaller caller, @PathVariable long id) {
        return campaigns.get(caller, id);
    }

    @GetMapping("/api/v1/upgrades/campaigns/{id}/targets")
    Page<UpgradeCampaignViews.Target> targets(@AuthenticationPrincipal ApiCaller caller, @PathVariable long id,
            TargetFilter filter) {
        return campaigns.targets(caller, id, filter);
    }

    @GetMapping("/api/v1/upgrades/campaigns/{id}/events")
    Page<CampaignEvent> events(@AuthenticationPrincipal ApiCaller caller, @PathVariable long id,
            @RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
        return campaigns.events(caller, id, cursor, Page.limit(limit));
    }

    @GetMapping(path = "/api/v1/upgrades/campaigns/{id}/events/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(@AuthenticationPrincipal ApiCaller caller, @PathVariable long id,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            @RequestParam(required = false) Long after) {
        campaigns.checkVisible(caller, id);
        return streams.open(id, lastEventId, after);
    }

    @PostMapping("/api/v1/upgrades/campaigns/{id}/{action:" + CampaignControls.ACTIONS + "}")
    UpgradeCampaignViews.CampaignStatus control(@AuthenticationPrincipal ApiCaller caller, @PathVariable long id,
            @PathVariable String action) {
        return campaigns.control(caller, id, action);
    }
}
