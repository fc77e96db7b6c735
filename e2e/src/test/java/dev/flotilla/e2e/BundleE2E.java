package dev.flotilla.e2e;

import static dev.flotilla.e2e.Rollouts.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.agent.backend.FieldPaths;
import dev.flotilla.sim.backend.SimulatedCluster;
import dev.flotilla.sim.fleet.Fleet;
import dev.flotilla.sim.fleet.SimulatedAgent;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Applications as bundles end to end, over real HTTP with real agents on simulated clusters: a bundle (ConfigMap,
 * Service, CloneSet) with a per-region override (replicas and an image mirror) and the cluster's name substituted,
 * rolled out in waves; a second revision; rollback of the succeeded rollout; an uninstall rollout. What each
 * cluster holds is read from the simulated cluster itself, not from what the agents reported.
 */
class BundleE2E {

    private static final Duration LONG = Duration.ofSeconds(120);
    private static final String APP = "store";
    private static MetaController meta;
    private static Rollouts rollouts;
    private Fleet fleet;

    @BeforeAll
    static void startMetaController() {
        meta = new MetaController();
        rollouts = new Rollouts(meta.portal());
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
    void rollsABundleWithARegionalOverrideOutInWavesRollsItBackAfterSuccessAndUninstallsIt() {
        fleet = SimulatedFleets.startReady(meta, SimulatedFleets.spec(meta, "bundle", 9));
        meta.portal().post("/api/v1/applications", Map.of("name", APP, "tenant", "shop", "namespace", "shop"));
        int first = revision("web:1");
        int second = revision("web:2");

        JsonNode installed = rollOut(first);
        assertThat(installed.path("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(installed.path("waves").size()).isEqualTo(3);
        assertThat(fleet.agents()).allSatisfy(agent -> assertHolds(agent, "web:1"));
        assertThat(fleet.agents().stream().filter(a -> region(a).equals("eu-west"))).hasSize(3);

        JsonNode upgraded = rollOut(second);
        assertThat(upgraded.path("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(fleet.agents()).allSatisfy(agent -> assertHolds(agent, "web:2"));
        JsonNode target = rollouts.targets(upgraded.path("id").asLong()).values().iterator().next();
        assertThat(target.path("resources").size()).isEqualTo(3);
        assertThat(target.path("resources")).allSatisfy(r -> assertThat(r.path("state").asString())
                .isEqualTo("READY"));

        long upgrade = upgraded.path("id").asLong();
        meta.portal().post("/api/v1/rollouts/" + upgrade + "/rollback", null);
        assertThat(rollouts.awaitFinal(upgrade, LONG).path("state").asString()).isEqualTo("ROLLED_BACK");
        assertThat(fleet.agents()).allSatisfy(agent -> assertHolds(agent, "web:1"));

        Map<String, Object> uninstall = new LinkedHashMap<>();
        uninstall.put("application", APP);
        uninstall.put("uninstall", true);
        uninstall.put("clusters", Map.of("selector", "fleet=bundle"));
        uninstall.put("canary", Map.of("count", 1));
        uninstall.put("waves", List.of("100%"));
        JsonNode removed = rollouts.awaitFinal(rollouts.start(uninstall), LONG);
        assertThat(removed.path("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(fleet.agents()).allSatisfy(agent -> {
            SimulatedCluster cluster = agent.cluster();
            assertThat(cluster.objects(Map.of("flotilla.dev/application", APP))).isEmpty();
            assertThat(Workloads.cloneSet(agent, APP)).isEmpty();
            assertThat(cluster.object("v1", "ConfigMap", "shop", APP + "-config")).isEmpty();
        });
        assertThat(meta.portal().get("/api/v1/applications/" + APP + "/clusters?limit=100").path("items").size())
                .isZero();
    }

    /** Installs (or upgrades to) a revision: a canary cluster, then waves to half and to every cluster. */
    private JsonNode rollOut(int revision) {
        Map<String, Object> rollout = request(APP, revision, "bundle");
        rollout.put("canary", Map.of("count", 1));
        rollout.put("waves", List.of("50%", "100%"));
        rollout.put("clusterStrategy", Map.of("type", "InPlaceIfPossible", "maxUnavailable", "50%",
                "batches", List.of(Map.of("partition", "2"), Map.of("partition", "0"))));
        return rollouts.awaitFinal(rollouts.start(rollout), LONG);
    }

    /** What the cluster must hold at this image: the override for eu-west, its own name in the ConfigMap. */
    private static void assertHolds(SimulatedAgent agent, String image) {
        boolean eu = region(agent).equals("eu-west");
        SimulatedCluster cluster = agent.cluster();
        Optional<Map<String, Object>> config = cluster.object("v1", "ConfigMap", "shop", APP + "-config");
        assertThat(config).as("ConfigMap on %s", agent.name()).isPresent();
        assertThat(FieldPaths.get(config.get(), "data.host")).isEqualTo(agent.name() + ".shop.example");
        assertThat(cluster.object("v1", "Service", "shop", APP)).as("Service on %s", agent.name()).isPresent();
        assertThat(Workloads.image(agent, APP)).as("image on %s", agent.name())
                .isEqualTo((eu ? "mirror.eu.example/" : "registry.example/") + image);
        assertThat(Workloads.cloneSet(agent, APP).orElseThrow().integer("spec.replicas", -1))
                .as("replicas on %s", agent.name()).isEqualTo(eu ? 6 : 4);
        assertThat(Workloads.settled(agent, APP)).as("settled on %s", agent.name()).isTrue();
    }

    private static String region(SimulatedAgent agent) {
        return agent.plan().region();
    }

    private int revision(String image) {
        Map<String, Object> cloneSet = Rollouts.cloneSet(APP, 4, "registry.example/" + image);
        Map<String, Object> configMap = Map.of("apiVersion", "v1", "kind", "ConfigMap",
                "metadata", Map.of("name", APP + "-config"), "data", Map.of("host", "${cluster.name}.shop.example"));
        Map<String, Object> service = Map.of("apiVersion", "v1", "kind", "Service", "metadata", Map.of("name", APP),
                "spec", Map.of("selector", Map.of("app", APP), "ports", List.of(Map.of("port", 80))));
        Map<String, Object> euMirror = Map.of(
                "clusters", Map.of("selector", "topology.kubernetes.io/region=eu-west"),
                "patches", List.of(
                        Map.of("target", Map.of("kind", "CloneSet", "name", APP),
                                "mergePatch", Map.of("spec", Map.of("replicas", 6))),
                        Map.of("target", Map.of("kind", "CloneSet", "name", APP),
                                "jsonPatch", List.of(Map.of("op", "replace",
                                        "path", "/spec/template/spec/containers/0/image",
                                        "value", "mirror.eu.example/" + image)))));
        Map<String, Object> body = Map.of("resources", List.of(cloneSet, configMap, service),
                "overrides", List.of(euMirror));
        return meta.portal().post("/api/v1/applications/" + APP + "/revisions", body).path("revision").asInt();
    }
}
