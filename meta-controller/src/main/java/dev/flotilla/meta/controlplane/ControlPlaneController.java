package dev.flotilla.meta.controlplane;

import dev.flotilla.meta.token.ApiCaller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/clusters/{name}/control-plane}: where a tenant's control plane runs (writes: admin), and
 * {@code .../manifests?version=}: its workloads at a catalog minor, to apply on the host (viewer).
 */
@RestController
@RequestMapping("/api/v1/clusters/{name}/control-plane")
class ControlPlaneController {

    static final String DNS_LABEL = "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$";

    record ControlPlaneRequest(
            @NotBlank @Pattern(regexp = DNS_LABEL, message = "must be a DNS-1123 label") String hostCluster,
            @NotBlank @Pattern(regexp = DNS_LABEL, message = "must be a DNS-1123 label") String namespace,
            @NotBlank String version) {
    }

    private final ControlPlaneService controlPlanes;

    ControlPlaneController(ControlPlaneService controlPlanes) {
        this.controlPlanes = controlPlanes;
    }

    @PutMapping
    HostedControlPlane put(@AuthenticationPrincipal ApiCaller caller, @PathVariable String name,
            @Valid @RequestBody ControlPlaneRequest request) {
        return controlPlanes.put(caller, name, request.hostCluster(), request.namespace(), request.version());
    }

    @GetMapping
    HostedControlPlane get(@AuthenticationPrincipal ApiCaller caller, @PathVariable String name) {
        return controlPlanes.get(caller, name);
    }

    @GetMapping("/manifests")
    ControlPlaneWorkloads manifests(@AuthenticationPrincipal ApiCaller caller, @PathVariable String name,
            @RequestParam(required = false) String version) {
        return controlPlanes.workloads(caller, name, version);
    }

    @DeleteMapping
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@AuthenticationPrincipal ApiCaller caller, @PathVariable String name) {
        controlPlanes.delete(caller, name);
    }
}
