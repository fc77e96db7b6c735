package dev.flotilla.meta.application;

import static dev.flotilla.meta.application.Bundles.at;
import static dev.flotilla.meta.application.Bundles.cloneSet;
import static dev.flotilla.meta.application.Bundles.configMap;
import static dev.flotilla.meta.application.Bundles.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.meta.cluster.ClusterSelection;
import dev.flotilla.meta.web.FlotillaException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RevisionBundleTest {

    static final RenderTarget EU = new RenderTarget(1, "eu-1", "eu-west", "eu-west-1a",
            Map.of("tier", "gold", "mirror", "mirror.eu.example"));
    static final RenderTarget US = new RenderTarget(2, "us-1", "us-east", "us-east-1b", Map.of("tier", "silver"));

    @Test
    void rendersTheBundleInApplyOrderWithTheApplicationsNamespaceFilledIn() {
        RevisionBundle bundle = bundle(List.of(cloneSet("web", "web:1"), object("v1", "Service", "web"),
                configMap("web-config", Map.of("a", "1")), object("v1", "Namespace", "shop")));

        List<Map<String, Object>> resources = bundle(bundle.render(EU));

        assertThat(resources).extracting(r -> r.get("kind"))
                .containsExactly("Namespace", "ConfigMap", "Service", "CloneSet");
        assertThat(resources).extracting(r -> at(r, "metadata", "namespace")).containsExactly(null, "shop", "shop",
                "shop");
        assertThat(bundle.perCluster()).isFalse();
    }

    @Test
    void selectsByTheClustersRegionAndZoneAsKubernetesTopologyLabels() {
        RevisionBundle bundle = bundle(List.of(cloneSet("web", "web:1")),
                override(new ClusterSelection("topology.kubernetes.io/region=eu-west", null, null),
                        mergePatch("CloneSet", "web", Map.of("spec", Map.of("replicas", 5)))),
                override(new ClusterSelection("topology.kubernetes.io/zone in (us-east-1b)", null, null),
                        mergePatch("CloneSet", "web", Map.of("spec", Map.of("replicas", 7)))));
        // a cluster's own label wins over its region
        RenderTarget relabelled = new RenderTarget(5, "eu-3", "eu-west", "eu-west-1a",
                Map.of("topology.kubernetes.io/region", "eu-central"));

        assertThat(at(find(bundle(bundle.render(EU)), "CloneSet"), "spec", "replicas")).isEqualTo(5);
        assertThat(at(find(bundle(bundle.render(US)), "CloneSet"), "spec", "replicas")).isEqualTo(7);
        assertThat(at(find(bundle(bundle.render(relabelled)), "CloneSet"), "spec", "replicas")).isEqualTo(2);
    }

    @Test
    void appliesTheMatchingOverridesMergeAndJsonPatchesInOrderToTheClustersCopyOnly() {
        RevisionBundle bundle = bundle(List.of(cloneSet("web", "web:1"), configMap("web-config", Map.of("a", "1"))),
                override(new ClusterSelection("tier=gold", null, null),
                        mergePatch("CloneSet", "web", Map.of("spec", Map.of("replicas", 5))),
                        jsonPatch("ConfigMap", "web-config", List.of(
                                Map.of("op", "test", "path", "/data/a", "value", "1"),
                                Map.of("op", "add", "path", "/data/b", "value", "2"),
                                Map.of("op", "remove", "path", "/data/a"))),
                        // a later patch sees what the earlier ones left
                        mergePatch("CloneSet", "web", Map.of("spec", Map.of("replicas", 6)))),
                override(new ClusterSelection(null, List.of("us-1"), null),
                        mergePatch("ConfigMap", "web-config", Map.of("data", Map.of("a", "us")))));

        Map<String, Object> euWeb = find(bundle(bundle.render(EU)), "CloneSet");
        Map<String, Object> euConfig = find(bundle(bundle.render(EU)), "ConfigMap");
        Map<String, Object> usWeb = find(bundle(bundle.render(US)), "CloneSet");

        assertThat(at(euWeb, "spec", "replicas")).isEqualTo(6);
        assertThat(at(euConfig, "data")).isEqualTo(Map.of("b", "2"));
        assertThat(at(usWeb, "spec", "replicas")).isEqualTo(2);
        assertThat(at(find(bundle(bundle.render(US)), "ConfigMap"), "data")).isEqualTo(Map.of("a", "us"));
        assertThat(bundle.perCluster()).isTrue();
    }

    @Test
    void anOverrideMatchesTheSelectorAndTheNamesMinusTheExcluded() {
        RevisionBundle bundle = bundle(List.of(configMap("c", Map.of())),
                override(new ClusterSelection("tier in (gold,silver)", List.of("eu-1", "us-1"), List.of("us-1")),
                        mergePatch("ConfigMap", "c", Map.of("data", Map.of("hit", "yes")))));

        assertThat(at(bundle(bundle.render(EU)).get(0), "data", "hit")).isEqualTo("yes");
        assertThat(at(bundle(bundle.render(US)).get(0), "data", "hit")).isNull();
    }

    @Test
    void substitutesTheClustersFactsInStringValuesOfResourcesAndPatchesButNotInKeysOrOtherPlaceholders() {
        Map<String, Object> config = configMap("c", Map.of("host", "${cluster.name}.${cluster.region}.example",
                "zone", "${cluster.zone}", "tier", "${cluster.labels['tier']}", "literal", "$${cluster.name}",
                "shell", "${HOME}/bin", "${cluster.name}", "key stays"));
        RevisionBundle bundle = bundle(List.of(cloneSet("web", "web:1"), config),
                override(new ClusterSelection("mirror", null, null), mergePatch("CloneSet", "web",
                        Map.of("spec", Map.of("template", Map.of("spec", Map.of("containers", List.of(Map.of(
                                "name", "app", "image", "${cluster.labels[\"mirror\"]}/web:1")))))))));

        List<Map<String, Object>> eu = bundle(bundle.render(EU));

        assertThat(at(find(eu, "ConfigMap"), "data")).isEqualTo(Map.of("host", "eu-1.eu-west.example",
                "zone", "eu-west-1a", "tier", "gold", "literal", "${cluster.name}", "shell", "${HOME}/bin",
                "${cluster.name}", "key stays"));
        assertThat(at(find(eu, "CloneSet"), "spec", "template", "spec", "containers", "0", "image"))
                .isEqualTo("mirror.eu.example/web:1");
        assertThat(at(find(bundle(bundle.render(US)), "CloneSet"), "spec", "template", "spec", "containers", "0",
                "image")).isEqualTo("web:1");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "an unknown target     | Service   | web   | {\"spec\":{}}          | overrides[0].patches[0]: no resource of kind 'Service' named 'web'",
            "a failing test op     | ConfigMap | c     | [{\"op\":\"test\",\"path\":\"/data/a\",\"value\":\"2\"}] | overrides[0].patches[0] does not apply to ConfigMap c",
            "a path not there      | ConfigMap | c     | [{\"op\":\"replace\",\"path\":\"/data/zz\",\"value\":\"2\"}] | overrides[0].patches[0] does not apply to ConfigMap c",
            "a result Kruise refuses | CloneSet | web  | {\"spec\":{\"replicas\":-1}} | after overrides[0], resources[0] is invalid: spec.replicas",
            "a workload moved away | CloneSet  | web   | {\"metadata\":{\"namespace\":\"other\"}} | after overrides[0], resources[0]: metadata.namespace 'other' differs",
            "a duplicate made      | ConfigMap | c     | {\"metadata\":{\"name\":\"d\"}} | after overrides[0], resources[2]: is the same object (ConfigMap shop/d) as resources[1]",
            "a name removed        | ConfigMap | c     | {\"metadata\":{\"name\":null}} | after overrides[0], resources[1]: metadata.name: required",
            "a label it lacks      | ConfigMap | c     | {\"data\":{\"x\":\"${cluster.labels['nope']}\"}} | cluster 'eu-1' has no value for ${cluster.labels['nope']}"})
    void anOverrideThatDoesNotApplyRefusesTheClusterNamingTheOverrideAndWhy(String name, String kind, String target,
            String patch, String message) {
        Map<String, Object> p = patch.startsWith("[")
                ? jsonPatch(kind, target, Bundles.mutable(read(patch)))
                : mergePatch(kind, target, read(patch));
        RevisionBundle bundle = bundle(List.of(cloneSet("web", "web:1"), configMap("c", Map.of("a", "1")),
                configMap("d", Map.of())), override(null, p));

        Rendered rendered = bundle.render(EU);

        assertThat(rendered).isInstanceOf(Rendered.Refused.class);
        assertThat(((Rendered.Refused) rendered).message()).contains(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "both patch kinds   | {\"target\":{\"kind\":\"ConfigMap\",\"name\":\"c\"},\"mergePatch\":{},\"jsonPatch\":[]} | overrides[0].patches[0]: give exactly one of mergePatch",
            "neither            | {\"target\":{\"kind\":\"ConfigMap\",\"name\":\"c\"}} | overrides[0].patches[0]: give exactly one",
            "no target kind     | {\"target\":{\"name\":\"c\"},\"mergePatch\":{}} | overrides[0].patches[0].target: kind and name are required",
            "an unknown op      | {\"target\":{\"kind\":\"ConfigMap\",\"name\":\"c\"},\"jsonPatch\":[{\"op\":\"merge\",\"path\":\"/a\"}]} | overrides[0].patches[0].jsonPatch[0].op: must be one of",
            "a bad pointer      | {\"target\":{\"kind\":\"ConfigMap\",\"name\":\"c\"},\"jsonPatch\":[{\"op\":\"remove\",\"path\":\"a\"}]} | overrides[0].patches[0].jsonPatch[0].path: not a JSON pointer",
            "no value           | {\"target\":{\"kind\":\"ConfigMap\",\"name\":\"c\"},\"jsonPatch\":[{\"op\":\"add\",\"path\":\"/a\"}]} | overrides[0].patches[0].jsonPatch[0].value: required for 'add'",
            "no from            | {\"target\":{\"kind\":\"ConfigMap\",\"name\":\"c\"},\"jsonPatch\":[{\"op\":\"move\",\"path\":\"/a\"}]} | overrides[0].patches[0].jsonPatch[0].from",
            "unknown placeholder| {\"target\":{\"kind\":\"ConfigMap\",\"name\":\"c\"},\"mergePatch\":{\"data\":{\"a\":\"${cluster.id}\"}}} | overrides[0].patches[0]: unknown placeholder '${cluster.id}'"})
    void refusesAnOverrideThatCannotApplyAnywhereWhenTheRevisionIsMade(String name, String patch, String message) {
        ClusterOverride.Patch p = JSON.readValue(patch, ClusterOverride.Patch.class);

        assertThatThrownBy(() -> new RevisionBundle("shop", null, List.of(configMap("c", Map.of())),
                List.of(new ClusterOverride(null, List.of(p))), false))
                .isInstanceOf(FlotillaException.class).hasMessageContaining(message);
    }

    @Test
    void refusesABadSelectorAndAnUnknownPlaceholderInAResourceWhenTheRevisionIsMade() {
        assertThatThrownBy(() -> bundle(List.of(configMap("c", Map.of())), override(new ClusterSelection("a in (",
                null, null), mergePatch("ConfigMap", "c", Map.of())))).hasMessageContaining("overrides[0].clusters.selector");
        assertThatThrownBy(() -> bundle(List.of(configMap("c", Map.of("x", "${cluster.labels[tier]}")))))
                .hasMessageContaining("resources[0]: unknown placeholder '${cluster.labels[tier]}'");
    }

    @Test
    void clustersWithTheSameMatchesAndFactsShareOneRendering() {
        RevisionBundle bundle = bundle(List.of(configMap("c", Map.of("r", "${cluster.region}"))),
                override(new ClusterSelection("tier=gold", null, null), mergePatch("ConfigMap", "c",
                        Map.of("data", Map.of("gold", "yes")))));
        RenderTarget euTwin = new RenderTarget(3, "eu-2", "eu-west", "eu-west-1c", Map.of("tier", "gold"));
        RenderTarget usGold = new RenderTarget(4, "us-2", "us-east", "us-east-1a", Map.of("tier", "gold"));

        Map<Long, Rendered> all = bundle.renderAll(List.of(EU, US, euTwin, usGold));

        assertThat(all.get(1L)).isSameAs(all.get(3L));
        assertThat(all.get(1L)).isNotSameAs(all.get(4L)).isNotEqualTo(all.get(2L));
        assertThat(at(bundle(all.get(4L)).get(0), "data")).isEqualTo(Map.of("r", "us-east", "gold", "yes"));
    }

    static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    @SuppressWarnings("unchecked")
    private static <T> T read(String json) {
        return (T) JSON.readValue(json, Object.class);
    }

    private static RevisionBundle bundle(List<Map<String, Object>> resources, ClusterOverride... overrides) {
        return new RevisionBundle("shop", null, resources, List.of(overrides), false);
    }

    static ClusterOverride override(ClusterSelection clusters, Map<String, Object>... patches) {
        return new ClusterOverride(clusters, List.of(patches).stream()
                .map(p -> JSON.convertValue(p, ClusterOverride.Patch.class)).toList());
    }

    static Map<String, Object> mergePatch(String kind, String name, Map<String, Object> patch) {
        return Map.of("target", Map.of("kind", kind, "name", name), "mergePatch", patch);
    }

    static Map<String, Object> jsonPatch(String kind, String name, List<Map<String, Object>> ops) {
        return Map.of("target", Map.of("kind", kind, "name", name), "jsonPatch", ops);
    }

    private static List<Map<String, Object>> bundle(Rendered rendered) {
        assertThat(rendered).isInstanceOf(Rendered.Bundle.class);
        return ((Rendered.Bundle) rendered).resources();
    }

    private static Map<String, Object> find(List<Map<String, Object>> resources, String kind) {
        return resources.stream().filter(r -> kind.equals(r.get("kind"))).findFirst().orElseThrow();
    }
}
