package dev.flotilla.sim.backend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.agent.backend.FieldPaths;
import dev.flotilla.agent.backend.Workload;
import dev.flotilla.agent.backend.WorkloadRef;
import dev.flotilla.agent.support.Manifests;
import dev.flotilla.api.agent.WorkloadKind;
import dev.flotilla.testsupport.SettableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SimulatedClusterTest {

    private final SettableClock clock = new SettableClock();
    private final SimulationSettings settings = new SimulationSettings(5, 20, 10, 0, 10, Set.of(), 11);
    private final WorkloadRef web = new WorkloadRef(WorkloadKind.CloneSet, "apps.kruise.io/v1alpha1",
            Manifests.NAMESPACE, "web");

    @Test
    void brokenShareBreaksAboutThatShareOfTheFleetAndAlwaysTheSameClusters() {
        long broken = IntStream.range(0, 10_000)
                .filter(i -> SimulatedCluster.member(i, 0.1, 3, List.of("a"), settings, clock).broken()).count();

        assertThat(broken).isBetween(900L, 1100L);
        assertThat(SimulatedCluster.member(42, 0.1, 3, List.of("a"), settings, clock).broken())
                .isEqualTo(SimulatedCluster.member(42, 0.1, 3, List.of("a"), settings, clock).broken());
    }

    @Test
    void aBrokenClusterRunsTheFirstRevisionButNeverGetsANewOneReady() {
        SimulatedCluster cluster = IntStream.range(0, 100)
                .mapToObj(i -> SimulatedCluster.member(i, 0.5, 3, List.of("a"), settings, clock))
                .filter(SimulatedCluster::broken).findFirst().orElseThrow();
        cluster.apply(web, Manifests.cloneSet("web", 2, "web:v1"));
        clock.advance(Duration.ofSeconds(10));
        assertThat(status(cluster)).containsEntry("updatedReadyReplicas", 2);

        cluster.apply(web, Manifests.cloneSet("web", 2, "web:v2"));
        clock.advance(Duration.ofHours(1));

        assertThat(status(cluster)).containsEntry("updatedReplicas", 1).containsEntry("updatedReadyReplicas", 0);
    }

    @Test
    void aHostedTenantReportsTheOldestVersionItsReadyApiserverPodsServe() {
        SimulatedCluster host = SimulatedCluster.of(3, List.of("a"), settings, clock);
        SimulatedCluster tenant = SimulatedCluster.of(3, List.of("a"), settings, clock);
        tenant.hostedOn(host, "cp-t1");
        tenant.kubeletVersions(List.of("v1.28.3"));
        assertThat(tenant.facts().kubernetesVersion()).as("no apiserver on the host yet: its own").isEqualTo("v1.30.4");
        assertThat(tenant.facts().kubeletVersions()).containsExactly("v1.28.3");

        WorkloadRef apiserver = new WorkloadRef(WorkloadKind.CloneSet, "apps.kruise.io/v1alpha1", "cp-t1",
                "kube-apiserver");
        Map<String, Object> v130 = Manifests.cloneSet("kube-apiserver", 3, "registry.k8s.io/kube-apiserver:v1.30.0");
        host.apply(apiserver, v130);
        clock.advance(Duration.ofSeconds(10));
        assertThat(tenant.facts().kubernetesVersion()).isEqualTo("v1.30.0");

        Map<String, Object> v131 = Manifests.cloneSet("kube-apiserver", 3, "registry.k8s.io/kube-apiserver:v1.31.0");
        FieldPaths.set(v131, "spec.updateStrategy", Map.of("type", "InPlaceIfPossible", "maxUnavailable", 1));
        host.apply(apiserver, v131);
        clock.advance(Duration.ofMillis(600));
        assertThat(tenant.facts().kubernetesVersion()).as("mid-update: the oldest served").isEqualTo("v1.30.0");
        clock.advance(Duration.ofSeconds(30));
        assertThat(tenant.facts().kubernetesVersion()).isEqualTo("v1.31.0");
    }

    @Test
    void versionsCompareNumerically() {
        assertThat(SimulatedCluster.compareVersions("v1.9.0", "v1.10.0")).isNegative();
        assertThat(SimulatedCluster.compareVersions("v1.30.4", "v1.30.4")).isZero();
        assertThat(SimulatedCluster.compareVersions("v1.31.0", "v1.30.10")).isPositive();
    }

    @Test
    void timeScaleSpeedsThePodsUp() {
        SimulatedCluster cluster = SimulatedCluster.of(3, List.of("a"), settings, clock);
        cluster.apply(web, Manifests.cloneSet("web", 2, "web:v1"));

        clock.advance(Duration.ofMillis(1999));
        assertThat(status(cluster)).containsEntry("readyReplicas", 0);
        clock.advance(Duration.ofMillis(1));
        assertThat(status(cluster)).containsEntry("readyReplicas", 2);
    }

    @Test
    void aSpecChangeBumpsTheGenerationAndTheStatusFollows() {
        SimulatedCluster cluster = SimulatedCluster.of(3, List.of("a"), settings, clock);
        cluster.apply(web, Manifests.cloneSet("web", 2, "web:v1"));

        cluster.patch(web, FieldPaths.patchOf("spec.updateStrategy.partition", 1));
        Workload workload = cluster.read(web).orElseThrow();

        assertThat(workload.generation()).isEqualTo(2);
        assertThat(workload.observedGeneration()).isEqualTo(2);
    }

    private Map<String, Object> status(SimulatedCluster cluster) {
        return cluster.read(web).orElseThrow().status();
    }
}
