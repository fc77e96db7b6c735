package dev.flotilla.agent.reconcile;

import dev.flotilla.agent.backend.FieldPaths;
import dev.flotilla.agent.backend.Workload;
import dev.flotilla.api.agent.WorkItem;
import dev.flotilla.api.agent.WorkloadKind;
import java.util.Optional;

/**
 * Changes Kruise's API server accepts but its controllers never carry out the way a rollout expects. The agent finds
 * them before it writes, and refuses the work item with the reason instead of waiting for a batch that never ends.
 */
final class KruiseLimits {

    private KruiseLimits() {
    }

    /** Why the item must not be applied, or null when Kruise will roll it out. */
    static String refusal(WorkItem item, Optional<Workload> live) {
        if (item.manifest() == null) {
            return null;
        }
        if (item.kind() == WorkloadKind.UnitedDeployment
                && FieldPaths.get(item.manifest(), "spec.template.deploymentTemplate") != null) {
            // pkg/controller/uniteddeployment/adapter/deployment_adapter.go: ApplySubsetTemplate ignores its partition
            return "a UnitedDeployment of Deployment subsets cannot be rolled out in batches: Kruise ignores "
                    + "updateStrategy.manualUpdate.partitions for Deployment subsets, so every pod would be replaced "
                    + "at once; use cloneSetTemplate or advancedStatefulSetTemplate";
        }
        if (item.kind() == WorkloadKind.SidecarSet && live.isPresent() && !ItemApplier.carries(live.get(), item)
                && !notUpdate(item)) {
            String changed = SidecarContainers.changedBesidesImage(item.manifest(), live.get().object());
            if (changed != null) {
                return "Kruise updates the sidecars of running pods in place only when nothing but images changed "
                        + "(pkg/control/sidecarcontrol IsSidecarSetUpgradable), and this revision changes " + changed
                        + "; running pods would never be updated. Change images only, or set updateStrategy.type "
                        + "NotUpdate to inject the revision into new pods only";
            }
        }
        return null;
    }

    /** Whether the item is a SidecarSet whose {@code updateStrategy.type} is NotUpdate. */
    static boolean notUpdate(WorkItem item) {
        return item.kind() == WorkloadKind.SidecarSet && item.manifest() != null
                && "NotUpdate".equals(FieldPaths.string(item.manifest(), "spec.updateStrategy.type"));
    }

    /** What a NotUpdate SidecarSet's revision comes to, for the item's final report. */
    static String notUpdateMessage(WorkItem item) {
        return "revision " + item.revision() + " applied with updateStrategy.type NotUpdate: Kruise injects it into "
                + "pods created from now on and updates no running pod";
    }
}
