package dev.flotilla.meta.application;

import dev.flotilla.api.agent.WorkloadKind;
import dev.flotilla.meta.token.ApiCaller;
import dev.flotilla.meta.web.Page;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/applications}: applications, their revisions and which revision each cluster runs. */
@RestController
@RequestMapping("/api/v1/applications")
class ApplicationController {

    static final String DNS_LABEL = "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$";

    record CreateApplication(
            @NotBlank @Pattern(regexp = DNS_LABEL, message = "must be a DNS-1123 label") String name,
            @NotBlank @Pattern(regexp = DNS_LABEL, message = "must be a DNS-1123 label") String tenant,
            @NotBlank @Pattern(regexp = DNS_LABEL, message = "must be a DNS-1123 label") String namespace,
            WorkloadKind kind) {
    }

    /** A bundle of resources, or the one manifest of a single-workload revision, and its overrides. */
    record CreateRevision(Map<String, Object> manifest, @Size(max = 500) List<Map<String, Object>> resources,
            @Size(max = 100) List<@NotNull @Valid ClusterOverride> overrides) {
    }

    private final ApplicationService applications;
    private final BundleViews views;

    ApplicationController(ApplicationService applications, BundleViews views) {
        this.applications = applications;
        this.views = views;
    }

    @PostMapping
    ResponseEntity<Application> create(@AuthenticationPrincipal ApiCaller caller,
            @Valid @RequestBody CreateApplication request) {
        Application app = applications.create(caller, request.name(), request.tenant(), request.namespace(),
                request.kind());
        return ResponseEntity.created(URI.create("/api/v1/applications/" + app.name())).body(app);
    }

    @GetMapping
    Page<Application> list(@AuthenticationPrincipal ApiCaller caller, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        return applications.list(caller, cursor, Page.limit(limit));
    }

    @GetMapping("/{app}")
    Application get(@AuthenticationPrincipal ApiCaller caller, @PathVariable String app) {
        return applications.get(caller, app);
    }

    @PostMapping("/{app}/revisions")
    ResponseEntity<Revision> addRevision(@AuthenticationPrincipal ApiCaller caller, @PathVariable String app,
            @Valid @RequestBody CreateRevision request) {
        Revision revision = applications.addRevision(caller, app, request.manifest(), request.resources(),
                request.overrides());
        return ResponseEntity.created(URI.create("/api/v1/applications/" + app + "/revisions/"
                + revision.revision())).body(revision);
    }

    @GetMapping("/{app}/revisions")
    Page<Revision> revisions(@AuthenticationPrincipal ApiCaller caller, @PathVariable String app,
            @RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
        return applications.revisions(caller, app, cursor, Page.limit(limit));
    }

    @GetMapping("/{app}/revisions/{revision}")
    Revision revision(@AuthenticationPrincipal ApiCaller caller, @PathVariable String app,
            @PathVariable int revision) {
        return applications.revision(caller, app, revision);
    }

    /** The exact resources the cluster gets of the revision, in apply order. */
    @GetMapping("/{app}/revisions/{revision}/rendered")
    RenderedBundle rendered(@AuthenticationPrincipal ApiCaller caller, @PathVariable String app,
            @PathVariable int revision, @RequestParam String cluster) {
        return views.rendered(caller, app, revision, cluster);
    }

    /** What changes for the cluster from revision {@code from} (by default the one before) to this one. */
    @GetMapping("/{app}/revisions/{revision}/diff")
    BundleDiff diff(@AuthenticationPrincipal ApiCaller caller, @PathVariable String app, @PathVariable int revision,
            @RequestParam(required = false) Integer from, @RequestParam String cluster) {
        return views.diff(caller, app, revision, from, cluster);
    }

    @GetMapping("/{app}/clusters")
    Page<ClusterRevision> clusters(@AuthenticationPrincipal ApiCaller caller, @PathVariable String app,
            @RequestParam(required = false) String cluster,
            @RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
        return applications.clusters(caller, app, cluster, cursor, Page.limit(limit));
    }
}
