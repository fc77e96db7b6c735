package dev.flotilla.meta.upgrade;

import dev.flotilla.api.agent.WorkloadKind;
import dev.flotilla.meta.versions.ControlPlaneComponent;
import dev.flotilla.meta.versions.MinorVersion;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How a control plane gets from one minor to another: one hop per minor, each a list of component updates in
 * the order the version-skew policy demands.
 */
public record UpgradePlan(MinorVersion from, MinorVersion to, List<Hop> hops) {

    public UpgradePlan {
        hops = List.copyOf(hops);
    }

    /** One minor further: every step of a hop finishes before the next hop starts. */
    public record Hop(MinorVersion from, MinorVersion to, String kubernetesVersion, List<Step> steps) {
        public Hop {
            steps = List.copyOf(steps);
        }
    }

    /** One workload on the host cluster moved to the hop's release; it completes under the Kruise completion rule. */
    public record Step(ControlPlaneComponent component, WorkloadKind kind, String namespace, String name,
            String image, Map<String, Object> manifest) {
    }

    public int stepCount() {
        return hops.stream().mapToInt(h -> h.steps().size()).sum();
    }

    /** The expected duration if every step takes {@code perStep}. */
    public Duration estimate(Duration perStep) {
        return perStep.multipliedBy(stepCount());
    }
}
