package dev.flotilla.api.kruise;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules of Kruise's SidecarSet webhook ({@code pkg/webhook/sidecarset/validating/
 * sidecarset_create_update_handler.go}) after {@code SetDefaultsSidecarSet} (type RollingUpdate, podInjectPolicy
 * BeforeAppContainer, shareVolumePolicy Disabled). The update strategy is checked only for RollingUpdate; Kruise
 * accepts any other type and updates no pod for NotUpdate.
 */
final class SidecarSetRules {

    private static final Set<String> INJECT_POLICIES = Set.of("BeforeAppContainer", "AfterAppContainer");
    private static final Set<String> SHARE_VOLUME_POLICIES = Set.of("enabled", "disabled");

    private SidecarSetRules() {
    }

    static void check(SidecarSet sidecarSet, Problems problems) {
        SidecarSetSpec spec = sidecarSet.getSpec();
        if (spec == null) {
            problems.add("spec", "required");
            return;
        }
        SelectorRule.present("spec.selector", spec.selector(), problems);
        boolean none = empty(spec.containers()) && empty(spec.initContainers());
        if (none) {
            problems.add("spec.containers", "no container or initContainer defined for the SidecarSet");
        }
        checkContainers("spec.containers", spec.containers(), true, problems);
        checkContainers("spec.initContainers", spec.initContainers(), false, problems);
        SidecarSetSpec.UpdateStrategy strategy = spec.updateStrategy();
        String type = strategy == null || strategy.type() == null || strategy.type().isEmpty() ? "RollingUpdate"
                : strategy.type();
        if ("RollingUpdate".equals(type)) {
            checkNativeSidecarUpgrade(spec.initContainers(), problems);
            if (strategy != null) {
                checkRollingUpdate(strategy, problems);
            }
        }
    }

    private static void checkRollingUpdate(SidecarSetSpec.UpdateStrategy strategy, Problems problems) {
        String at = "spec.updateStrategy";
        // intStrIsSet: any string, or an integer other than 0
        boolean partitionSet = strategy.partition() != null && (strategy.partition().getValue() instanceof String
                || strategy.partition().getValue() instanceof Integer n && n != 0);
        if (partitionSet && strategy.selector() != null) {
            problems.add(at, "partition and selector cannot be used together");
        }
        if (strategy.selector() != null) {
            checkSelector(at + ".selector", strategy.selector(), problems);
        }
        IntOrStringRules.positiveIntOrPercent(at + ".partition", strategy.partition(), problems);
        IntOrStringRules.positiveIntOrPercent(at + ".maxUnavailable", strategy.maxUnavailable(), problems);
        PriorityRule.check(at + ".priorityStrategy", strategy.priorityStrategy(), problems);
        ScatterRule.check(at + ".scatterStrategy", strategy.scatterStrategy(), problems);
    }

    private static void checkSelector(String path, LabelSelector selector, Problems problems) {
        SelectorRule.present(path, selector, problems);
    }

    /** An init container with restartPolicy Always is a native sidecar, which Kruise cannot upgrade in place. */
    private static void checkNativeSidecarUpgrade(List<Container> initContainers, Problems problems) {
        if (initContainers == null) {
            return;
        }
        for (int i = 0; i < initContainers.size(); i++) {
            Container c = initContainers.get(i);
            if (c != null && "Always".equals(c.getRestartPolicy())) {
                problems.add("spec.initContainers[" + i + "]", "a sidecar init container (restartPolicy Always) "
                        + "cannot be upgraded in place: set updateStrategy.type NotUpdate");
            }
        }
    }

    private static void checkContainers(String path, List<Container> containers, boolean injected,
            Problems problems) {
        if (containers == null) {
            return;
        }
        for (int i = 0; i < containers.size(); i++) {
            Container container = containers.get(i);
            String at = path + "[" + i + "]";
            if (container == null || container.getName() == null || container.getName().isEmpty()) {
                problems.add(at + ".name", "required");
            }
            if (container == null || container.getImage() == null || container.getImage().isEmpty()) {
                problems.add(at + ".image", "required");
            }
            if (container != null && injected) {
                Map<String, Object> extra = container.getAdditionalProperties();
                problems.oneOf(at + ".podInjectPolicy", text(extra.get("podInjectPolicy")), INJECT_POLICIES);
                Object share = extra.get("shareVolumePolicy");
                problems.oneOf(at + ".shareVolumePolicy.type", share instanceof Map<?, ?> m ? text(m.get("type"))
                        : null, SHARE_VOLUME_POLICIES);
            }
        }
    }

    private static String text(Object value) {
        return value == null || "".equals(value) ? null : String.valueOf(value);
    }

    private static boolean empty(List<?> list) {
        return list == null || list.isEmpty();
    }
}
