package dev.flotilla.meta.controlplane;

import dev.flotilla.api.kruise.ManifestValidator;
import dev.flotilla.meta.versions.ControlPlaneComponent;
import dev.flotilla.meta.versions.KubernetesRelease;
import java.util.List;
import java.util.Map;

/**
 * Generates the Kruise workloads of a hosted tenant control plane at a Kubernetes release, as manifests the
 * host cluster's agent applies. Every manifest passes {@link ManifestValidator}; only container images differ
 * between releases, so Kruise updates every component in place.
 */
public final class ControlPlaneManifests {

    private ControlPlaneManifests() {
    }

    /** The workload of one component, in the control plane's namespace on its host. */
    public static Map<String, Object> manifest(HostedControlPlane controlPlane, ControlPlaneComponent component,
            KubernetesRelease release) {
        Map<String, Object> manifest = component == ControlPlaneComponent.ETCD
                ? EtcdManifest.of(controlPlane, release)
                : CloneSetManifest.of(controlPlane, component, release);
        List<String> problems = ManifestValidator.validate(component.kind(), manifest);
        if (!problems.isEmpty()) {
            // generated from code and a validated catalog: a refusal here is a defect, never a caller's mistake
            throw new IllegalStateException("generated " + component.workloadName() + " manifest is invalid: " + problems);
        }
        return manifest;
    }
}
