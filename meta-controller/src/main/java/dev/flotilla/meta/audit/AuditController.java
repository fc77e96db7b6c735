package dev.flotilla.meta.audit;

import dev.flotilla.meta.token.ApiCaller;
import dev.flotilla.meta.web.FlotillaException;
import dev.flotilla.meta.web.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/audit}: who changed what (admin; a tenant-scoped admin reads its tenant's records only). */
@RestController
@Tag(name = "Audit", description = "Every mutating portal call: who, what, on which resource, with what result")
class AuditController {

    private final AuditLog audit;

    AuditController(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping("/api/v1/audit")
    @Operation(summary = "Audit records, newest first, filtered, one keyset page at a time (admin)")
    Page<AuditRecord> list(@AuthenticationPrincipal ApiCaller caller,
            @Parameter(description = "who acted: a token name or oidc:<subject>") @RequestParam(required = false)
            String actor,
            @Parameter(description = "a resource type (cluster) or type/id (cluster/prod-eu-1)")
            @RequestParam(required = false) String resource,
            @Parameter(description = "an action, e.g. cluster.create or rollout.pause") @RequestParam(required = false)
            String action,
            @Parameter(description = "records at or after this time (RFC 3339, e.g. 2026-11-30T09:00:00Z)")
            @RequestParam(required = false) String since,
            @RequestParam(required = false) Integer limit,
            @Parameter(description = "nextCursor of the previous page") @RequestParam(required = false) String cursor) {
        String type = null;
        String id = null;
        if (resource != null && !resource.isBlank()) {
            int slash = resource.indexOf('/');
            type = slash < 0 ? resource : resource.substring(0, slash);
            id = slash < 0 ? null : resource.substring(slash + 1);
        }
        AuditLog.Filter filter = new AuditLog.Filter(blankToNull(actor), blankToNull(type), blankToNull(id),
                blankToNull(action), instant(since));
        return audit.page(caller, filter, cursor, Page.limit(limit));
    }

    private static Instant instant(String since) {
        if (since == null || since.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(since).toInstant();
        } catch (DateTimeParseException e) {
            throw FlotillaException.badInput("parameter 'since' must be a time such as 2026-11-30T09:00:00Z (was '"
                    + (since.length() > 64 ? since.substring(0, 64) + "..." : since) + "')").with("field", "since");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
