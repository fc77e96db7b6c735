package dev.flotilla.meta.upgrade;

import dev.flotilla.meta.controlplane.ControlPlaneManifests;
import dev.flotilla.meta.controlplane.HostedControlPlane;
import dev.flotilla.meta.versions.ControlPlaneComponent;
import dev.flotilla.meta.versions.KubernetesRelease;
import dev.flotilla.meta.versions.MinorVersion;
import dev.flotilla.meta.versions.VersionCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Plans a control-plane upgrade one minor at a time (the apiserver must not skip minors), each hop in skew-policy
 * order: etcd first when its version changes (the new apiserver may need the newer etcd; an older apiserver runs
 * on a newer 3.5 etcd), then kube-apiserver, then kube-controller-manager and kube-scheduler, which may never be
 * newer than the apiserver they talk to.
 */
@Component
public class UpgradePlanner {

    private static final List<ControlPlaneComponent> AFTER_ETCD = List.of(ControlPlaneComponent.KUBE_APISERVER,
            ControlPlaneComponent.KUBE_CONTROLLER_MANAGER, ControlPlaneComponent.KUBE_SCHEDULER);

    private final VersionCatalog catalog;

    public UpgradePlanner(VersionCatalog catalog) {
        this.catalog = catalog;
    }

    /** The minors a control plane passes through from {@code from} (exclusive) to {@code to} (inclusive). */
    public static List<MinorVersion> path(MinorVersion from, MinorVersion to) {
        List<MinorVersion> path = new ArrayList<>();
        for (MinorVersion v = from.next(); v.compareTo(to) <= 0 && from.major() == to.major(); v = v.next()) {
            path.add(v);
        }
        return path;
    }

    /** The first minor on the way that the catalog lacks, if any (the start may be older than the catalog). */
    public Optional<MinorVersion> missingRelease(MinorVersion from, MinorVersion to) {
        return path(from, to).stream().filter(v -> catalog.release(v).isEmpty()).findFirst();
    }

    /**
     * The plan from the control plane's current minor to {@code to}.
     *
     * @throws IllegalArgumentException when {@code to} is not newer or a release on the way is missing
     *     (preflight refuses both before anything is planned)
     */
    public UpgradePlan plan(HostedControlPlane controlPlane, MinorVersion from, MinorVersion to) {
        if (to.compareTo(from) <= 0 || missingRelease(from, to).isPresent()) {
            throw new IllegalArgumentException("no upgrade path from " + from + " to " + to);
        }
        List<UpgradePlan.Hop> hops = new ArrayList<>();
        // a start older than the catalog has no known etcd version: its first hop updates etcd too
        KubernetesRelease previous = catalog.release(from).orElse(null);
        for (MinorVersion minor : path(from, to)) {
            KubernetesRelease release = catalog.release(minor).orElseThrow();
            hops.add(hop(controlPlane, minor.previous(), previous, release));
            previous = release;
        }
        return new UpgradePlan(from, to, hops);
    }

    private static UpgradePlan.Hop hop(HostedControlPlane controlPlane, MinorVersion from, KubernetesRelease previous,
            KubernetesRelease release) {
        List<UpgradePlan.Step> steps = new ArrayList<>();
        if (previous == null || !previous.etcdVersion().equals(release.etcdVersion())) {
            steps.add(step(controlPlane, ControlPlaneComponent.ETCD, release));
        }
        for (ControlPlaneComponent component : AFTER_ETCD) {
            steps.add(step(controlPlane, component, release));
        }
        return new UpgradePlan.Hop(from, release.minor(), release.kubernetesVersion(), steps);
    }

    private static UpgradePlan.Step step(HostedControlPlane controlPlane, ControlPlaneComponent component,
            KubernetesRelease release) {
        return new UpgradePlan.Step(component, component.kind(), controlPlane.namespace(), component.workloadName(),
                release.image(component), ControlPlaneManifests.manifest(controlPlane, component, release));
    }
}
