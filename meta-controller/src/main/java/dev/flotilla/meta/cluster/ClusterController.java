package dev.flotilla.meta.cluster;

import dev.flotilla.meta.token.ApiCaller;
import dev.flotilla.meta.web.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code /api/v1/clusters}: the cluster inventory of the portal API. */
@RestController
@RequestMapping("/api/v1/clusters")
@Tag(name = "Clusters", description = "The cluster inventory: add, list, change, cordon, remove")
class ClusterController {

    private final ClusterService clusters;
    private final ClusterLifecycle lifecycle;
    private final ClusterQueries queries;

    ClusterController(ClusterService clusters, ClusterLifecycle lifecycle, ClusterQueries queries) {
        this.clusters = clusters;
        this.lifecycle = lifecycle;
        this.queries = queries;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Add a cluster (admin); answers its one-time bootstrap token")
    IssuedBootstrapToken create(@AuthenticationPrincipal ApiCaller caller, @Valid @RequestBody NewCluster request) {
        return clusters.create(caller, request);
    }

    @GetMapping
    @Operation(summary = "List clusters by name, filtered, one keyset page at a time")
    Page<Cluster> list(@AuthenticationPrincipal ApiCaller caller,
            @RequestParam(required = false) String tenant,
            @RequestParam(required = false) String region,
            @RequestParam(required = false) String zone,
            @Parameter(description = "REGISTERING, READY, NOT_READY or CORDONED") @RequestParam(required = false)
            String state,
            @RequestParam(required = false) String kubernetesVersion,
            @Parameter(description = "Kubernetes label selector, e.g. env=prod,tier in (gold,silver)")
            @RequestParam(required = false) String selector,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit,
            @Parameter(description = "nextCursor of the previous page") @RequestParam(required = false) String cursor) {
        ClusterFilter filter = new ClusterFilter(tenant, region, zone,
                state == null ? null : ClusterState.parse("state", state), kubernetesVersion,
                LabelSelector.parse(selector), afterName(cursor), limit);
        return queries.list(caller, filter);
    }

    @GetMapping("/{name}")
    Cluster get(@AuthenticationPrincipal ApiCaller caller, @PathVariable String name) {
        return clusters.get(caller, name);
    }

    @PatchMapping(path = "/{name}", consumes = {"application/merge-patch+json", "application/json"})
    @Operation(summary = "Change region, zone, tenant or labels with a JSON merge patch (admin)")
    Cluster patch(@AuthenticationPrincipal ApiCaller caller, @PathVariable String name, @RequestBody JsonNode patch) {
        return clusters.patch(caller, name, ClusterPatch.parse(patch));
    }

    @DeleteMapping("/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@AuthenticationPrincipal ApiCaller caller, @PathVariable String name) {
        clusters.delete(caller, name);
    }

    @PostMapping("/{name}/cordon")
    @Operation(summary = "Keep rollouts away from a cluster (operator)")
    Cluster cordon(@AuthenticationPrincipal ApiCaller caller, @PathVariable String name) {
        return lifecycle.cordon(caller, name);
    }

    @PostMapping("/{name}/uncordon")
    @Operation(summary = "Let rollouts reach a cordoned cluster again (operator)")
    Cluster uncordon(@AuthenticationPrincipal ApiCaller caller, @PathVariable String name) {
        return lifecycle.uncordon(caller, name);
    }

    @PostMapping("/{name}/bootstrap-token")
    @Operation(summary = "Issue a new bootstrap token and revoke the agent's token (admin)")
    IssuedBootstrapToken reissueBootstrapToken(@AuthenticationPrincipal ApiCaller caller, @PathVariable String name) {
        return lifecycle.reissueBootstrapToken(caller, name);
    }

    /** The name a page starts after (null: the first page); a cursor this service did not hand out is bad input. */
    private static String afterName(String cursor) {
        String name = Page.decode(cursor);
        if (name != null && !Labels.isDnsLabel(name)) {
            throw Page.badCursor(cursor);
        }
        return name;
    }
}
