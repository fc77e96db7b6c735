package dev.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flotilla.agent.backend.Workload;
import dev.flotilla.agent.backend.WorkloadRef;
import dev.flotilla.api.agent.EtcdRoles;
import dev.flotilla.api.agent.WorkloadKind;
import dev.flotilla.sim.backend.PodChange;
import dev.flotilla.sim.backend.SimulatedCluster;
import dev.flotilla.sim.backend.SimulationSettings;
import dev.flotilla.sim.fleet.Fleet;
import dev.flotilla.sim.fleet.FleetSpec;
import dev.flotilla.sim.fleet.HostedControlPlanes;
import dev.flotilla.sim.fleet.Portal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Kube-on-Kube upgrades end to end: simulated clusters driven by real agents over real HTTP. One cluster hosts the
 * control planes of the others (etcd, kube-apiserver, kube-controller-manager, kube-scheduler as Kruise workloads
 * in a namespace per tenant, created from the manifests the meta-controller serves); each tenant reports the
 * version its hosted apiserver serves, and its nodes' kubelet versions.
 */
class KubeOnKubeUpgradeE2E {

    private static final Duration LONG = Duration.ofSeconds(120);
    private static final String REGISTRY = "registry.k8s.io/";
    private static final List<String> COMPONENTS = List.of("etcd", "kube-apiserver", "kube-controller-manager",
            "kube-scheduler");
    private static MetaController meta;
    private final Map<String, Long> provisionedAt = new HashMap<>();
    private Fleet fleet;

    @BeforeAll
    static void startMetaController() {
        // a step whose pods are not ready after 10 s fails (the simulated pods take well under a second)
        meta = new MetaController("--flotilla.versions.step-deadline=10s");
    }

    @AfterAll
    static void stopMetaController() {
        meta.close();
    }

    @AfterEach
    void stopFleet() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void aCampaignTakesHostedControlPlanesFrom130To132InTwoHopsCanaryFirstEtcdLeaderLast() {
        fleet = SimulatedFleets.startReady(meta, spec("kok", 6, Set.of()));
        String host = fleet.spec().name(0);
        List<String> tenants = List.of(fleet.spec().name(1), fleet.spec().name(2), fleet.spec().name(3));
        String stale = fleet.spec().name(4);
        String flowSchemas = fleet.spec().name(5);
        fleet.agent(stale).cluster().kubeletVersions(List.of("v1.28.9"));
        fleet.agent(flowSchemas).cluster().removedApisInUse(List.of("flowcontrol.apiserver.k8s.io/v1beta3/flowschemas"));
        List<String> all = new ArrayList<>(tenants);
        all.addAll(List.of(stale, flowSchemas));
        all.forEach(t -> hostControlPlane(host, t, "1.30"));
        all.forEach(t -> awaitReportedVersion(t, "v1.30.0"));

        JsonNode created = portal().post("/api/v1/upgrades", Map.of("clusters", Map.of("names", all),
                "targetVersion", "1.32", "canary", Map.of("count", 1), "waves", List.of("100%"),
                "maxConcurrency", 2));

        assertThat(created.path("targets").asInt()).isEqualTo(3);
        Map<String, String> refused = new HashMap<>();
        created.path("refused").forEach(r -> refused.put(r.path("cluster").asString(), r.path("reasons").toString()));
        assertThat(refused).containsOnlyKeys(stale, flowSchemas);
        assertThat(refused.get(stale)).contains("kubelet-skew");
        assertThat(refused.get(flowSchemas)).as("1.32 removes flowcontrol v1beta3, still requested there")
                .contains("removed-apis-in-use");
        JsonNode done = awaitCampaign(created.path("id").asLong(), "SUCCEEDED");
        assertThat(done.path("counts").path("SUCCEEDED").asInt()).isEqualTo(3);

        SimulatedCluster hosting = fleet.agent(host).cluster();
        for (String tenant : tenants) {
            String ns = namespace(tenant);
            for (String etcd : List.of("3.5.15-0", "3.5.16-0")) {
                List<PodChange> updates = updates(hosting, ns, "etcd", REGISTRY + "etcd:" + etcd);
                assertThat(updates).as("%s etcd %s, one member at a time", tenant, etcd).hasSize(3);
                assertThat(updates.subList(0, 2)).as("%s etcd %s: the followers first", tenant, etcd)
                        .allSatisfy(u -> assertThat(u.labels()).containsEntry(EtcdRoles.LABEL, EtcdRoles.FOLLOWER));
                assertThat(updates.get(2).labels()).as("%s etcd %s: the leader last", tenant, etcd)
                        .containsEntry(EtcdRoles.LABEL, EtcdRoles.LEADER);
            }
            assertSkewOrder(hosting, ns, "1.31", "3.5.15-0", "1.32", "3.5.16-0");
            awaitReportedVersion(tenant, "v1.32.0");
            assertThat(portal().get("/api/v1/clusters/" + tenant + "/control-plane").path("version").asString())
                    .isEqualTo("1.32");
        }
        String canary = tenants.stream().min((a, b) -> Long.compare(firstChange(hosting, a), firstChange(hosting, b)))
                .orElseThrow();
        long canaryDone = lastChange(hosting, canary);
        tenants.stream().filter(t -> !t.equals(canary)).forEach(t -> assertThat(firstChange(hosting, t))
                .as("%s starts after the canary %s finished both hops", t, canary).isGreaterThan(canaryDone));
        for (String untouched : List.of(stale, flowSchemas)) {
            assertThat(COMPONENTS).allSatisfy(c -> assertThat(updates(hosting, namespace(untouched), c, null))
                    .as("the refused tenant %s's %s was not touched", untouched, c).isEmpty());
            assertThat(portal().get("/api/v1/clusters/" + untouched).path("kubernetesVersion").asString())
                    .isEqualTo("v1.30.0");
        }
    }

    @Test
    void aFailingApiserverImageFailsItsStepSpendsTheBudgetAndPausesTheCampaign() {
        fleet = SimulatedFleets.startReady(meta, spec("kokf", 4, Set.of(REGISTRY + "kube-apiserver:v1.32.0")));
        String host = fleet.spec().name(0);
        List<String> tenants = List.of(fleet.spec().name(1), fleet.spec().name(2), fleet.spec().name(3));
        tenants.forEach(t -> hostControlPlane(host, t, "1.31"));
        tenants.forEach(t -> awaitReportedVersion(t, "v1.31.0"));

        long id = portal().post("/api/v1/upgrades", Map.of("clusters", Map.of("names", tenants),
                "targetVersion", "1.32", "maxConcurrency", 1, "maxFailures", 0)).path("id").asLong();

        JsonNode paused = awaitCampaign(id, "PAUSED");
        assertThat(paused.path("failures").asInt()).isEqualTo(1);
        assertThat(paused.path("message").asString()).contains("failure budget");
        assertThat(paused.path("counts").path("PENDING").asInt()).isEqualTo(2);
        JsonNode failed = portal().get("/api/v1/upgrades/campaigns/" + id + "/targets?state=FAILED").path("items")
                .get(0);
        String broken = failed.path("cluster").asString();
        assertThat(failed.path("message").asString()).contains("kube-apiserver", "progress deadline");
        SimulatedCluster hosting = fleet.agent(host).cluster();
        assertThat(updates(hosting, namespace(broken), "etcd", REGISTRY + "etcd:3.5.16-0"))
                .as("etcd went first and finished").hasSize(3);
        assertThat(hosting.servedApiserverVersion(namespace(broken))).as("the old apiservers kept serving")
                .contains("v1.31.0");
        Workload apiserver = hosting.read(ref(namespace(broken), "kube-apiserver")).orElseThrow();
        assertThat(apiserver.status().get("readyReplicas")).as("never below its replica count")
                .isEqualTo(apiserver.integer("spec.replicas", 1));
        assertThat(updates(hosting, namespace(broken), "kube-controller-manager", null)).isEmpty();
        tenants.stream().filter(t -> !t.equals(broken)).forEach(t -> assertThat(COMPONENTS)
                .allSatisfy(c -> assertThat(updates(hosting, namespace(t), c, null)).as("%s %s", t, c).isEmpty()));
        assertThat(portal().get("/api/v1/clusters/" + broken).path("kubernetesVersion").asString())
                .isEqualTo("v1.31.0");
    }

    private FleetSpec spec(String prefix, int clusters, Set<String> failingImages) {
        SimulationSettings simulation = new SimulationSettings(5, 20, 10, 0.2, 50, failingImages, 7);
        return SimulatedFleets.spec(meta, prefix, clusters).withSimulation(simulation)
                .withFactsInterval(Duration.ofMillis(500));
    }

    private static Portal portal() {
        return meta.portal();
    }

    private static String namespace(String tenant) {
        return "cp-" + tenant;
    }

    private static WorkloadRef ref(String namespace, String component) {
        return component.equals("etcd")
                ? new WorkloadRef(WorkloadKind.StatefulSet, "apps.kruise.io/v1beta1", namespace, component)
                : new WorkloadRef(WorkloadKind.CloneSet, "apps.kruise.io/v1alpha1", namespace, component);
    }

    /** Records and creates the tenant's control plane on the host, and notes when (to tell upgrades apart). */
    private void hostControlPlane(String host, String tenant, String version) {
        HostedControlPlanes.provision(fleet, host, tenant, namespace(tenant), version);
        provisionedAt.put(namespace(tenant), System.currentTimeMillis());
    }

    private void awaitReportedVersion(String cluster, String version) {
        await().atMost(LONG).pollInterval(Duration.ofMillis(250)).until(() ->
                version.equals(portal().get("/api/v1/clusters/" + cluster).path("kubernetesVersion").asString()));
    }

    private JsonNode awaitCampaign(long id, String state) {
        await().atMost(LONG).pollInterval(Duration.ofMillis(250)).until(() ->
                state.equals(portal().get("/api/v1/upgrades/campaigns/" + id).path("state").asString()));
        return portal().get("/api/v1/upgrades/campaigns/" + id);
    }

    /**
     * Pods of the component the host's controllers created or updated since the control plane was provisioned, in
     * order; only those moved to {@code image} unless it is null.
     */
    private List<PodChange> updates(SimulatedCluster host, String namespace, String component, String image) {
        long since = provisionedAt.get(namespace);
        return host.podChanges(ref(namespace, component)).stream()
                .filter(c -> c.at() > since && (image == null || image.equals(c.image()))).toList();
    }

    /**
     * Per hop: every etcd member is updated before the first apiserver pod changes, every apiserver pod before the
     * controller-manager, and that before the scheduler; the second hop starts after the first ended.
     */
    private void assertSkewOrder(SimulatedCluster host, String ns, String... hops) {
        long previousEnd = 0;
        for (int h = 0; h < hops.length; h += 2) {
            String k8s = "v" + hops[h] + ".0";
            List<String> images = List.of(REGISTRY + "etcd:" + hops[h + 1], REGISTRY + "kube-apiserver:" + k8s,
                    REGISTRY + "kube-controller-manager:" + k8s, REGISTRY + "kube-scheduler:" + k8s);
            for (int c = 0; c < COMPONENTS.size(); c++) {
                List<PodChange> changes = updates(host, ns, COMPONENTS.get(c), images.get(c));
                assertThat(changes).as("%s %s to %s", ns, COMPONENTS.get(c), images.get(c)).isNotEmpty();
                assertThat(changes.get(0).at()).as("%s %s starts after the step before it ended", ns,
                        COMPONENTS.get(c)).isGreaterThanOrEqualTo(previousEnd);
                previousEnd = changes.get(changes.size() - 1).at();
            }
        }
    }

    private long firstChange(SimulatedCluster host, String tenant) {
        return COMPONENTS.stream().flatMap(c -> updates(host, namespace(tenant), c, null).stream())
                .mapToLong(PodChange::at).min().orElse(Long.MAX_VALUE);
    }

    private long lastChange(SimulatedCluster host, String tenant) {
        return COMPONENTS.stream().flatMap(c -> updates(host, namespace(tenant), c, null).stream())
                .mapToLong(PodChange::at).max().orElse(0);
    }
}
