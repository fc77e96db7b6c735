package dev.flotilla.api.kruise;

import io.fabric8.kubernetes.api.model.Container;
import java.util.List;
import java.util.Set;

/** The rules a SidecarSet must meet; it selects pods of other workloads, so there is no template to match. */
final class SidecarSetRules {

    private static final Set<String> UPDATE_TYPES = Set.of("RollingUpdate", "NotUpdate");

    private SidecarSetRules() {
    }

    static void check(SidecarSet sidecarSet, Problems problems) {
        SidecarSetSpec spec = sidecarSet.getSpec();
        if (spec == null) {
            problems.add("spec", "required");
            return;
        }
        checkContainers("spec.containers", spec.containers(), problems);
        checkContainers("spec.initContainers", spec.initContainers(), problems);
        SidecarSetSpec.UpdateStrategy strategy = spec.updateStrategy();
        if (strategy != null) {
            problems.oneOf("spec.updateStrategy.type", strategy.type(), UPDATE_TYPES);
            problems.intOrPercent("spec.updateStrategy.partition", strategy.partition());
            IntOrPercent maxUnavailable =
                    problems.intOrPercent("spec.updateStrategy.maxUnavailable", strategy.maxUnavailable());
            if (maxUnavailable != null && maxUnavailable.isZero()) {
                problems.add("spec.updateStrategy.maxUnavailable", "must be at least 1, got " + maxUnavailable);
            }
            PriorityRule.check("spec.updateStrategy.priorityStrategy", strategy.priorityStrategy(), problems);
        }
    }

    private static void checkContainers(String path, List<Container> containers, Problems problems) {
        if (containers == null) {
            return;
        }
        for (int i = 0; i < containers.size(); i++) {
            Container container = containers.get(i);
            if (container == null || container.getName() == null || container.getName().isEmpty()) {
                problems.add(path + "[" + i + "].name", "required");
            }
            if (container == null || container.getImage() == null || container.getImage().isEmpty()) {
                problems.add(path + "[" + i + "].image", "required");
            }
        }
    }
}
