package dev.flotilla.meta.cluster;

import dev.flotilla.meta.token.ApiCaller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/fleet}: counts over the clusters the caller sees. */
@RestController
@Tag(name = "Fleet", description = "Counts over the fleet")
class FleetController {

    private final ClusterQueries queries;

    FleetController(ClusterQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/api/v1/fleet/summary")
    @Operation(summary = "Clusters in total and by state, Kubernetes version, region and zone")
    FleetSummary summary(@AuthenticationPrincipal ApiCaller caller) {
        return queries.summary(caller);
    }
}
