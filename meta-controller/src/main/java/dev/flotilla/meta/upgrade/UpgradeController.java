package dev.flotilla.meta.upgrade;

import dev.flotilla.meta.cluster.ClusterRecords;
import dev.flotilla.meta.token.ApiCaller;
import dev.flotilla.meta.web.Page;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Kubernetes version upgrades: request (operator), dry run, list and read (viewer), cancel (operator). */
@RestController
class UpgradeController {

    /**
     * @param dryRun answer the plan without storing anything (default false)
     * @param force go ahead although APIs the target removes are still in use (default false)
     */
    record UpgradeRequest(@NotBlank String targetVersion, Boolean dryRun, Boolean force) {
        boolean dry() {
            return Boolean.TRUE.equals(dryRun);
        }

        boolean forced() {
            return Boolean.TRUE.equals(force);
        }
    }

    private final UpgradeService upgrades;
    private final ClusterRecords clusters;

    UpgradeController(UpgradeService upgrades, ClusterRecords clusters) {
        this.upgrades = upgrades;
        this.clusters = clusters;
    }

    @PostMapping("/api/v1/clusters/{name}/upgrades")
    ResponseEntity<?> request(@AuthenticationPrincipal ApiCaller caller, @PathVariable String name,
            @Valid @RequestBody UpgradeRequest request) {
        if (request.dry()) {
            return ResponseEntity.ok(upgrades.dryRun(caller, name, request.targetVersion(), request.forced()));
        }
        UpgradeViews.UpgradeView upgrade = upgrades.request(caller, name, request.targetVersion(), request.forced());
        return ResponseEntity.created(URI.create("/api/v1/upgrades/" + upgrade.id())).body(upgrade);
    }

    @GetMapping("/api/v1/clusters/{name}/upgrades")
    /** Newest first, cursor-paged; {@code before} (an upgrade id) is still read for clients of the first API. */
    Page<UpgradeViews.UpgradeView> list(@AuthenticationPrincipal ApiCaller caller, @PathVariable String name,
            @RequestParam(required = false) String cursor, @RequestParam(required = false) @Min(1) Long before,
            @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
        long from = cursor != null ? Page.decodeLong(cursor, Long.MAX_VALUE) : before != null ? before : Long.MAX_VALUE;
        return upgrades.list(caller, clusters.visible(caller, name).id(), from, limit);
    }

    @GetMapping("/api/v1/upgrades/{id}")
    UpgradeViews.UpgradeView get(@AuthenticationPrincipal ApiCaller caller, @PathVariable long id) {
        return upgrades.get(caller, id);
    }

    @PostMapping("/api/v1/upgrades/{id}/cancel")
    UpgradeViews.UpgradeView cancel(@AuthenticationPrincipal ApiCaller caller, @PathVariable long id) {
        return upgrades.cancel(caller, id);
    }
}
