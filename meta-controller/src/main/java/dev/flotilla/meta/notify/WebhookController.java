package dev.flotilla.meta.notify;

import dev.flotilla.meta.token.ApiCaller;
import dev.flotilla.meta.web.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/webhooks}: admin only. */
@RestController
@RequestMapping("/api/v1/webhooks")
@Tag(name = "Webhooks", description = "Campaign events POSTed to HTTP receivers, signed, at least once, in order")
class WebhookController {

    private final WebhookService webhooks;

    WebhookController(WebhookService webhooks) {
        this.webhooks = webhooks;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a webhook; it gets the matching events written from now on (its secret is never "
            + "answered)")
    WebhookView create(@AuthenticationPrincipal ApiCaller caller, @Valid @RequestBody WebhookRequest request) {
        return webhooks.create(caller, request);
    }

    @GetMapping
    Page<WebhookView> list(@AuthenticationPrincipal ApiCaller caller, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        return webhooks.list(caller, cursor, limit);
    }

    @GetMapping("/{webhookId}")
    WebhookView get(@AuthenticationPrincipal ApiCaller caller, @PathVariable long webhookId) {
        return webhooks.get(caller, webhookId);
    }

    @PutMapping("/{webhookId}")
    @Operation(summary = "Replace a webhook's settings (a missing secret keeps the current one); later events are "
            + "matched by the new filters")
    WebhookView replace(@AuthenticationPrincipal ApiCaller caller, @PathVariable long webhookId,
            @Valid @RequestBody WebhookRequest request) {
        return webhooks.replace(caller, webhookId, request);
    }

    @DeleteMapping("/{webhookId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a webhook with its delivery log; pending deliveries are dropped")
    void delete(@AuthenticationPrincipal ApiCaller caller, @PathVariable long webhookId) {
        webhooks.delete(caller, webhookId);
    }

    @GetMapping("/{webhookId}/deliveries")
    @Operation(summary = "The webhook's delivery log, newest first: each event's attempts, last answer and state")
    Page<DeliveryView> deliveries(@AuthenticationPrincipal ApiCaller caller, @PathVariable long webhookId,
            @RequestParam(required = false) String state, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        return webhooks.deliveries(caller, webhookId, state, cursor, limit);
    }
}
