package dev.flotilla.meta.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.meta.controlplane.HostedControlPlane;
import dev.flotilla.meta.versions.MinorVersion;
import dev.flotilla.meta.versions.VersionCatalog;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UpgradePreflightTest {

    private static final VersionCatalog CATALOG = Catalogs.shipped();
    private final UpgradePreflight preflight = new UpgradePreflight(CATALOG, new UpgradePlanner(CATALOG));

    /** A READY 1.30 cluster with a hosted control plane, kubelets at 1.29 and 1.30, asking for 1.31. */
    private static UpgradeCandidate healthy() {
        return new UpgradeCandidate("tenant-a", "READY", "v1.30.4", List.of("v1.29.8", "v1.30.4"), List.of(),
                Catalogs.controlPlane("1.30"), null, "1.31", false);
    }

    private static UpgradeCandidate with(UnaryOperator<Builder> change) {
        return change.apply(new Builder(healthy())).build();
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("unknown target", with(b -> b.target("1.99")), Refusal.TargetUnknown.class),
                Arguments.of("malformed target", with(b -> b.target("latest")), Refusal.TargetUnknown.class),
                Arguments.of("expired target", with(b -> b.version("v1.27.1").target("1.28")), Refusal.TargetExpired.class),
                Arguments.of("downgrade", with(b -> b.target("1.29")), Refusal.NotAnUpgrade.class),
                Arguments.of("same version", with(b -> b.target("1.30")), Refusal.NotAnUpgrade.class),
                Arguments.of("not ready", with(b -> b.state("NOT_READY")), Refusal.ClusterNotReady.class),
                Arguments.of("cordoned", with(b -> b.state("CORDONED")), Refusal.ClusterNotReady.class),
                Arguments.of("upgrade in flight", with(b -> b.inFlight(7L)), Refusal.UpgradeInFlight.class),
                Arguments.of("kubelet four minors behind", with(b -> b.version("v1.31.2").target("1.32")
                        .kubelets(List.of("v1.31.2", "v1.28.15"))), Refusal.KubeletsTooOld.class),
                Arguments.of("removed API in use", with(b -> b.version("v1.31.2").target("1.32")
                        .kubelets(List.of("v1.31.2")).apis(List.of("flowcontrol.apiserver.k8s.io/v1beta3"))),
                        Refusal.RemovedApisInUse.class),
                Arguments.of("no control plane", with(b -> b.controlPlane(null)), Refusal.NoControlPlane.class),
                Arguments.of("host deleted", with(b -> b.controlPlane(new HostedControlPlane("tenant-a", null,
                        "cp-tenant-a", MinorVersion.of("1.30")))), Refusal.HostNotRegistered.class),
                Arguments.of("release on the way missing", with(b -> b.version("v1.26.3").target("1.29")),
                        Refusal.NoUpgradePath.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusesWithTheReasonThatApplies(String name, UpgradeCandidate candidate, Class<? extends Refusal> reason) {
        PreflightResult result = preflight.check(candidate);

        assertThat(result).isInstanceOf(PreflightResult.Failed.class);
        assertThat(((PreflightResult.Failed) result).refusals()).singleElement().isInstanceOf(reason);
        assertThat(result.report().passed()).isFalse();
    }

    @Test
    void passesAHealthyClusterAndWarnsAboutADeprecatedTarget() {
        assertThat(preflight.check(healthy())).isEqualTo(new PreflightResult.Passed(List.of()));

        PreflightResult deprecated = preflight.check(with(b -> b.version("v1.29.1").target("1.30")));
        assertThat(deprecated).isInstanceOf(PreflightResult.Passed.class);
        assertThat(deprecated.report().warnings()).containsExactly("targetVersion 1.30 is deprecated");
    }

    @Test
    void acceptsKubeletsExactlyThreeMinorsBehindTheNewApiserver() {
        PreflightResult result = preflight.check(with(b -> b.version("v1.31.2").target("1.32")
                .kubelets(List.of("v1.29.0", "v1.31.2"))));

        assertThat(result).isInstanceOf(PreflightResult.Passed.class);
    }

    @Test
    void forceTurnsRemovedApisIntoAWarningButNeverOverridesOtherChecks() {
        UpgradeCandidate apis = with(b -> b.version("v1.31.2").target("1.32").kubelets(List.of())
                .apis(List.of("flowcontrol.apiserver.k8s.io/v1beta3/flowschemas", "apps/v1")).force(true));

        PreflightResult forced = preflight.check(apis);
        assertThat(forced).isInstanceOf(PreflightResult.Passed.class);
        assertThat(forced.report().warnings()).singleElement().asString()
                .contains("flowcontrol.apiserver.k8s.io/v1beta3/flowschemas").doesNotContain("apps/v1");

        PreflightResult notReady = preflight.check(with(b -> b.state("NOT_READY").force(true)));
        assertThat(notReady).isInstanceOf(PreflightResult.Failed.class);
    }

    @Test
    void checksRemovalsOfEveryMinorOnTheWayNotOnlyTheTarget() {
        // 1.29 removed flowcontrol v1beta2; going 1.28 -> 1.30 passes through it
        PreflightResult result = preflight.check(with(b -> b.version("v1.28.9").target("1.30")
                .kubelets(List.of()).apis(List.of("flowcontrol.apiserver.k8s.io/v1beta2"))));

        assertThat(((PreflightResult.Failed) result).refusals()).singleElement()
                .isEqualTo(new Refusal.RemovedApisInUse(List.of("flowcontrol.apiserver.k8s.io/v1beta2")));
    }

    @Test
    void namesEveryObstacleAtOnce() {
        PreflightResult result = preflight.check(with(b -> b.state("NOT_READY").inFlight(3L).target("1.29")));

        assertThat(result.report().refusals()).extracting(PreflightResult.Reason::reason)
                .containsExactly("cluster-not-ready", "upgrade-in-flight", "not-an-upgrade");
    }

    @Test
    void takesTheControlPlaneVersionWhenTheAgentHasNotReportedOne() {
        PreflightResult result = preflight.check(with(b -> b.version(null).target("1.30")));

        assertThat(((PreflightResult.Failed) result).refusals()).singleElement()
                .isEqualTo(new Refusal.NotAnUpgrade(MinorVersion.of("1.30"), MinorVersion.of("1.30")));
    }

    /** Variations of the healthy candidate. */
    private record Builder(UpgradeCandidate c) {
        Builder target(String v) {
            return new Builder(new UpgradeCandidate(c.cluster(), c.state(), c.reportedVersion(), c.kubeletVersions(),
                    c.removedApisInUse(), c.controlPlane(), c.inFlightUpgradeId(), v, c.force()));
        }

        Builder version(String v) {
            return new Builder(new UpgradeCandidate(c.cluster(), c.state(), v, c.kubeletVersions(),
                    c.removedApisInUse(), c.controlPlane(), c.inFlightUpgradeId(), c.target(), c.force()));
        }

        Builder state(String s) {
            return new Builder(new UpgradeCandidate(c.cluster(), s, c.reportedVersion(), c.kubeletVersions(),
                    c.removedApisInUse(), c.controlPlane(), c.inFlightUpgradeId(), c.target(), c.force()));
        }

        Builder kubelets(List<String> k) {
            return new Builder(new UpgradeCandidate(c.cluster(), c.state(), c.reportedVersion(), k,
                    c.removedApisInUse(), c.controlPlane(), c.inFlightUpgradeId(), c.target(), c.force()));
        }

        Builder apis(List<String> a) {
            return new Builder(new UpgradeCandidate(c.cluster(), c.state(), c.reportedVersion(), c.kubeletVersions(),
                    a, c.controlPlane(), c.inFlightUpgradeId(), c.target(), c.force()));
        }

        Builder controlPlane(HostedControlPlane cp) {
            return new Builder(new UpgradeCandidate(c.cluster(), c.state(), c.reportedVersion(), c.kubeletVersions(),
                    c.removedApisInUse(), cp, c.inFlightUpgradeId(), c.target(), c.force()));
        }

        Builder inFlight(Long id) {
            return new Builder(new UpgradeCandidate(c.cluster(), c.state(), c.reportedVersion(), c.kubeletVersions(),
                    c.removedApisInUse(), c.controlPlane(), id, c.target(), c.force()));
        }

        Builder force(boolean f) {
            return new Builder(new UpgradeCandidate(c.cluster(), c.state(), c.reportedVersion(), c.kubeletVersions(),
                    c.removedApisInUse(), c.controlPlane(), c.inFlightUpgradeId(), c.target(), f));
        }

        UpgradeCandidate build() {
            return c;
        }
    }
}
