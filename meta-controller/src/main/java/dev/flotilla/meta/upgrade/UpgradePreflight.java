package dev.flotilla.meta.upgrade;

import dev.flotilla.meta.versions.KubernetesRelease;
import dev.flotilla.meta.versions.Lifecycle;
import dev.flotilla.meta.versions.MinorVersion;
import dev.flotilla.meta.versions.VersionCatalog;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Decides whether a control-plane upgrade may start. Every check runs, so one answer names every obstacle.
 */
@Component
public class UpgradePreflight {

    /** kubelets may be up to three minors older than the apiserver (two before 1.25; the catalog starts later). */
    static final int KUBELET_SKEW = 3;

    private final VersionCatalog catalog;
    private final UpgradePlanner planner;

    public UpgradePreflight(VersionCatalog catalog, UpgradePlanner planner) {
        this.catalog = catalog;
        this.planner = planner;
    }

    public PreflightResult check(UpgradeCandidate candidate) {
        List<Refusal> refusals = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        checkCluster(candidate, refusals);
        Optional<KubernetesRelease> target = checkTarget(candidate.target(), refusals, warnings);
        MinorVersion current = candidate.currentVersion();
        if (target.isPresent() && current != null) {
            checkPath(current, target.get().minor(), refusals);
            checkKubelets(candidate.kubeletVersions(), target.get().minor(), refusals, warnings);
            checkRemovedApis(candidate, current, target.get().minor(), refusals, warnings);
        }
        return refusals.isEmpty() ? new PreflightResult.Passed(warnings)
                : new PreflightResult.Failed(refusals, warnings);
    }

    private static void checkCluster(UpgradeCandidate candidate, List<Refusal> refusals) {
        if (candidate.controlPlane() == null) {
            refusals.add(new Refusal.NoControlPlane(candidate.cluster()));
        } else if (candidate.controlPlane().hostCluster() == null) {
            refusals.add(new Refusal.HostNotRegistered(candidate.cluster()));
        }
        if (!"READY".equals(candidate.state())) {
            refusals.add(new Refusal.ClusterNotReady(candidate.state()));
        }
        if (candidate.inFlightUpgradeId() != null) {
            refusals.add(new Refusal.UpgradeInFlight(candidate.inFlightUpgradeId()));
        }
    }

    private Optional<KubernetesRelease> checkTarget(String target, List<Refusal> refusals, List<String> warnings) {
        Optional<KubernetesRelease> release = catalog.release(target);
        if (release.isEmpty()) {
            refusals.add(new Refusal.TargetUnknown(target));
        } else if (release.get().lifecycle() == Lifecycle.expired) {
            refusals.add(new Refusal.TargetExpired(release.get().minor()));
        } else if (release.get().lifecycle() == Lifecycle.deprecated) {
            warnings.add("targetVersion " + release.get().minor() + " is deprecated");
        }
        return release;
    }

    private void checkPath(MinorVersion current, MinorVersion target, List<Refusal> refusals) {
        if (target.compareTo(current) <= 0) {
            refusals.add(new Refusal.NotAnUpgrade(current, target));
            return;
        }
        planner.missingRelease(current, target).ifPresent(m -> refusals.add(new Refusal.NoUpgradePath(m)));
    }

    private static void checkKubelets(List<String> kubelets, MinorVersion target, List<Refusal> refusals,
            List<String> warnings) {
        MinorVersion oldestAllowed = new MinorVersion(target.major(), target.minor() - KUBELET_SKEW);
        Set<String> tooOld = new LinkedHashSet<>();
        for (String kubelet : kubelets) {
            Optional<MinorVersion> version = MinorVersion.parse(kubelet);
            if (version.isEmpty()) {
                warnings.add("kubelet version '" + kubelet + "' is not a Kubernetes version and was not checked");
            } else if (target.minorsAhead(version.get()) > KUBELET_SKEW) {
                tooOld.add(kubelet);
            }
        }
        if (!tooOld.isEmpty()) {
            refusals.add(new Refusal.KubeletsTooOld(List.copyOf(tooOld), oldestAllowed));
        }
    }

    private void checkRemovedApis(UpgradeCandidate candidate, MinorVersion current, MinorVersion target,
            List<Refusal> refusals, List<String> warnings) {
        Set<String> removed = new LinkedHashSet<>();
        for (MinorVersion minor : UpgradePlanner.path(current, target)) {
            catalog.release(minor).ifPresent(r -> removed.addAll(r.removedApis()));
        }
        // the agent may report a group/version or a group/version/resource
        List<String> inUse = candidate.removedApisInUse().stream()
                .filter(api -> removed.stream().anyMatch(gv -> api.equals(gv) || api.startsWith(gv + "/")))
                .distinct().toList();
        if (inUse.isEmpty()) {
            return;
        }
        if (candidate.force()) {
            warnings.add("forced past removed APIs still in use: " + inUse);
        } else {
            refusals.add(new Refusal.RemovedApisInUse(inUse));
        }
    }
}
