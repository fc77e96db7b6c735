package dev.flotilla.meta.upgrade;

import dev.flotilla.meta.versions.MinorVersion;
import dev.flotilla.meta.versions.VersionCatalog;
import java.util.List;

/** Why preflight refuses an upgrade; each kind has a stable reason code for clients. */
public sealed interface Refusal {

    String reason();

    String detail();

    record TargetUnknown(String target) implements Refusal {
        public String reason() {
            return VersionCatalog.TARGET_UNKNOWN;
        }

        public String detail() {
            return "targetVersion '" + target + "' is not in the version catalog";
        }
    }

    record TargetExpired(MinorVersion target) implements Refusal {
        public String reason() {
            return "target-expired";
        }

        public String detail() {
            return "targetVersion " + target + " is expired";
        }
    }

    record NotAnUpgrade(MinorVersion current, MinorVersion target) implements Refusal {
        public String reason() {
            return "not-an-upgrade";
        }

        public String detail() {
            return "targetVersion " + target + (target.equals(current) ? " is the current version"
                    : " is older than the current version " + current + " (downgrades are not supported)");
        }
    }

    record NoUpgradePath(MinorVersion missing) implements Refusal {
        public String reason() {
            return "no-upgrade-path";
        }

        public String detail() {
            return "the version catalog has no release " + missing + " to pass through (minors cannot be skipped)";
        }
    }

    record ClusterNotReady(String state) implements Refusal {
        public String reason() {
            return "cluster-not-ready";
        }

        public String detail() {
            return "the cluster is " + state + ", not READY";
        }
    }

    /** @param upgradeId the upgrade in the way, null when a concurrent request just took the slot */
    record UpgradeInFlight(Long upgradeId) implements Refusal {
        public String reason() {
            return "upgrade-in-flight";
        }

        public String detail() {
            return (upgradeId == null ? "another upgrade" : "upgrade " + upgradeId) + " of this cluster is still in flight";
        }
    }

    record KubeletsTooOld(List<String> kubelets, MinorVersion oldestAllowed) implements Refusal {
        public String reason() {
            return "kubelet-skew";
        }

        public String detail() {
            return "kubelets " + kubelets + " would be more than " + UpgradePreflight.KUBELET_SKEW
                    + " minors behind the new apiserver; upgrade them to at least " + oldestAllowed + " first";
        }
    }

    record RemovedApisInUse(List<String> apis) implements Refusal {
        public String reason() {
            return "removed-apis-in-use";
        }

        public String detail() {
            return "APIs still in use are removed on the way to the target: " + apis
                    + " (migrate their clients, or force)";
        }
    }

    record NoControlPlane(String cluster) implements Refusal {
        public String reason() {
            return "no-control-plane";
        }

        public String detail() {
            return "cluster '" + cluster + "' has no hosted control plane";
        }
    }

    record HostNotRegistered(String cluster) implements Refusal {
        public String reason() {
            return "host-not-registered";
        }

        public String detail() {
            return "the host cluster of '" + cluster + "''s control plane is no longer registered";
        }
    }
}
