package dev.flotilla.meta.upgrade;

import dev.flotilla.meta.controlplane.HostedControlPlane;
import dev.flotilla.meta.versions.MinorVersion;
import java.util.List;

/**
 * What preflight needs to know about a cluster and the requested upgrade, gathered in one read.
 *
 * @param state the cluster's state ({@code READY}, {@code NOT_READY}, ...)
 * @param reportedVersion the apiserver version its agent reports, or null before the first report
 * @param kubeletVersions the kubelet versions its agent reports
 * @param removedApisInUse deprecated APIs its apiserver reports as still requested
 * @param controlPlane its hosted control plane, or null
 * @param inFlightUpgradeId the id of an upgrade still PENDING or RUNNING, or null
 * @param target the requested version as written
 * @param force accept removed APIs still in use
 */
public record UpgradeCandidate(
        String cluster,
        String state,
        String reportedVersion,
        List<String> kubeletVersions,
        List<String> removedApisInUse,
        HostedControlPlane controlPlane,
        Long inFlightUpgradeId,
        String target,
        boolean force) {

    public UpgradeCandidate {
        kubeletVersions = kubeletVersions == null ? List.of() : List.copyOf(kubeletVersions);
        removedApisInUse = removedApisInUse == null ? List.of() : List.copyOf(removedApisInUse);
    }

    /** The control plane's minor now: what the agent reports, else what the control plane was set up at. */
    public MinorVersion currentVersion() {
        return MinorVersion.parse(reportedVersion)
                .orElse(controlPlane == null ? null : controlPlane.version());
    }
}
