package dev.flotilla.meta.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.api.kruise.ManifestValidator;
import dev.flotilla.meta.controlplane.HostedControlPlane;
import dev.flotilla.meta.versions.ControlPlaneComponent;
import dev.flotilla.meta.versions.Lifecycle;
import dev.flotilla.meta.versions.MinorVersion;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpgradePlannerTest {

    private static final List<ControlPlaneComponent> SKEW_ORDER = List.of(ControlPlaneComponent.ETCD,
            ControlPlaneComponent.KUBE_APISERVER, ControlPlaneComponent.KUBE_CONTROLLER_MANAGER,
            ControlPlaneComponent.KUBE_SCHEDULER);

    private final UpgradePlanner planner = new UpgradePlanner(Catalogs.shipped());

    @Test
    void goesOneMinorPerHopThroughEveryIntermediateVersion() {
        UpgradePlan plan = planner.plan(Catalogs.controlPlane("1.29"), MinorVersion.of("1.29"), MinorVersion.of("1.31"));

        assertThat(plan.hops()).extracting(h -> h.from() + "->" + h.to()).containsExactly("1.29->1.30", "1.30->1.31");
        assertThat(plan.hops()).extracting(UpgradePlan.Hop::kubernetesVersion).containsExactly("1.30.0", "1.31.0");
        assertThat(plan.stepCount()).isEqualTo(8);
    }

    @Test
    void ordersEachHopEtcdThenApiserverThenControllerManagerAndScheduler() {
        UpgradePlan plan = planner.plan(Catalogs.controlPlane("1.30"), MinorVersion.of("1.30"), MinorVersion.of("1.31"));

        UpgradePlan.Hop hop = plan.hops().get(0);
        assertThat(hop.steps()).extracting(UpgradePlan.Step::component).containsExactlyElementsOf(SKEW_ORDER);
        assertThat(hop.steps()).extracting(UpgradePlan.Step::image).containsExactly(
                "registry.k8s.io/etcd:3.5.15-0", "registry.k8s.io/kube-apiserver:v1.31.0",
                "registry.k8s.io/kube-controller-manager:v1.31.0", "registry.k8s.io/kube-scheduler:v1.31.0");
        assertThat(hop.steps()).allSatisfy(step -> {
            assertThat(step.namespace()).isEqualTo("cp-tenant-a");
            assertThat(ManifestValidator.validate(step.kind(), step.manifest())).isEmpty();
        });
    }

    @Test
    void leavesEtcdAloneInAHopThatKeepsItsVersion() {
        UpgradePlanner samePatchEtcd = new UpgradePlanner(Catalogs.of(
                Catalogs.release("1.31", "3.5.24", Lifecycle.supported),
                Catalogs.release("1.32", "3.5.24", Lifecycle.supported),
                Catalogs.release("1.33", "3.5.24", Lifecycle.supported),
                Catalogs.release("1.34", "3.6.5", Lifecycle.supported)));

        UpgradePlan plan = samePatchEtcd.plan(Catalogs.controlPlane("1.31"), MinorVersion.of("1.31"),
                MinorVersion.of("1.34"));

        assertThat(plan.hops().get(0).steps()).extracting(UpgradePlan.Step::component)
                .containsExactlyElementsOf(SKEW_ORDER.subList(1, 4));
        assertThat(plan.hops().get(1).steps()).extracting(UpgradePlan.Step::component)
                .containsExactlyElementsOf(SKEW_ORDER.subList(1, 4));
        assertThat(plan.hops().get(2).steps()).extracting(UpgradePlan.Step::component)
                .containsExactlyElementsOf(SKEW_ORDER);
    }

    @Test
    void refusesToPlanADowngradeTheSameVersionOrAPathWithAGap() {
        HostedControlPlane cp = Catalogs.controlPlane("1.31");
        assertThatThrownBy(() -> planner.plan(cp, MinorVersion.of("1.31"), MinorVersion.of("1.30")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> planner.plan(cp, MinorVersion.of("1.31"), MinorVersion.of("1.31")))
                .isInstanceOf(IllegalArgumentException.class);
        UpgradePlanner gap = new UpgradePlanner(Catalogs.of(Catalogs.release("1.30", "3.5.12", Lifecycle.supported),
                Catalogs.release("1.32", "3.5.16", Lifecycle.supported)));
        assertThat(gap.missingRelease(MinorVersion.of("1.30"), MinorVersion.of("1.32")))
                .contains(MinorVersion.of("1.31"));
        assertThatThrownBy(() -> gap.plan(cp, MinorVersion.of("1.30"), MinorVersion.of("1.32")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void estimatesAPlanAsItsStepCountTimesTheStepEstimate() {
        UpgradePlan plan = planner.plan(Catalogs.controlPlane("1.29"), MinorVersion.of("1.29"), MinorVersion.of("1.31"));

        assertThat(plan.estimate(java.time.Duration.ofMinutes(20))).isEqualTo(java.time.Duration.ofMinutes(160));
    }

    @Test
    void readsTheVersionsAgentsAndKubeletsReport() {
        assertThat(MinorVersion.parse("v1.29.3+k3s1")).contains(MinorVersion.of("1.29"));
        assertThat(MinorVersion.parse("v1.31.0-eks-a")).contains(MinorVersion.of("1.31"));
        assertThat(MinorVersion.parse("1.30")).contains(new MinorVersion(1, 30));
        assertThat(MinorVersion.parse("latest")).isEmpty();
        assertThat(MinorVersion.parse(null)).isEmpty();
    }
}
