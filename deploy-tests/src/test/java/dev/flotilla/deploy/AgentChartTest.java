package dev.flotilla.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.LintResult;
import dev.flotilla.deploy.Charts.Rendered;
import dev.flotilla.api.agent.WorkloadKind;
import dev.flotilla.api.kruise.CloneSet;
import dev.flotilla.api.kruise.ManifestValidator;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AgentChartTest {

    static Stream<List<Path>> deploymentValueSets() {
        return Stream.of(List.of(), List.of(Charts.values("agent-full")), List.of(Charts.values("agent-bootstrap")));
    }

    static Stream<List<Path>> valueSets() {
        return Stream.concat(deploymentValueSets(), Stream.of(List.of(Charts.values("agent-cloneset"))));
    }

    @Test
    void lintsWithoutWarningsInStrictMode() {
        LintResult result = Charts.lint(Charts.AGENT);

        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    }

    @ParameterizedTest
    @MethodSource("valueSets")
    void rendersOnlyObjectsTheKubernetesApiDefinesWithTheRecommendedLabels(List<Path> values) {
        Rendered rendered = Charts.render(Charts.AGENT, values);

        assertThat(rendered.objects()).isNotEmpty().allSatisfy(object -> assertThat(object.getMetadata().getLabels())
                .containsKeys("app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/version",
                        "app.kubernetes.io/managed-by", "app.kubernetes.io/component", "helm.sh/chart"));
    }

    @ParameterizedTest
    @MethodSource("valueSets")
    void runsEveryPodUnderTheRestrictedPodSecurityStandard(List<Path> values) {
        Rendered rendered = Charts.render(Charts.AGENT, values);

        List<PodTemplateSpec> templates = PodTemplates.of(rendered.objects());
        assertThat(templates).hasSize(1);
        templates.forEach(PodTemplates::assertRestricted);
    }

    @Test
    void rendersTheAgentAsACloneSetThatFlotillaAcceptsAsAnApplicationRevision() {
        Rendered rendered = Charts.render(Charts.AGENT, List.of(Charts.values("agent-cloneset")));

        CloneSet agent = rendered.one(CloneSet.class);
        assertThat(rendered.all(Deployment.class)).isEmpty();
        assertThat(agent.getSpec().replicas()).isEqualTo(1);
        assertThat(agent.getSpec().updateStrategy().type()).isEqualTo("InPlaceIfPossible");
        assertThat(agent.getSpec().template().getSpec().getContainers().get(0).getImage())
                .isEqualTo("flotilla/tenant-agent:0.2.0");
        @SuppressWarnings("unchecked")
        Map<String, Object> manifest = new KubernetesSerialization().convertValue(agent, Map.class);
        assertThat(ManifestValidator.validate(WorkloadKind.CloneSet, manifest)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("deploymentValueSets")
    void runsOneAgentUnderTheRestrictedPodSecurityStandardWithProbesOnItsManagementPort(List<Path> values) {
        Rendered rendered = Charts.render(Charts.AGENT, values);

        List<PodTemplateSpec> templates = PodTemplates.of(rendered.objects());
        assertThat(templates).hasSize(1);
        templates.forEach(PodTemplates::assertRestricted);
        Deployment deployment = rendered.one(Deployment.class);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
        Container agent = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(agent.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/livez");
        assertThat(agent.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(agent.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("management");
        assertThat(AgentConfig.of(rendered).path("flotilla.agent.management.port")).isEqualTo(9090);
    }

    @ParameterizedTest
    @MethodSource("valueSets")
    void neverGrantsSecretsOrPodWritesClusterWide(List<Path> values) {
        Rendered rendered = Charts.render(Charts.AGENT, values);

        List<PolicyRule> clusterWide = rendered.all(ClusterRole.class).stream()
                .flatMap(role -> role.getRules().stream()).toList();
        assertThat(clusterWide).isNotEmpty().allSatisfy(rule -> assertThat(rule.getResources())
                .doesNotContain("secrets", "*"));
        assertThat(clusterWide).allSatisfy(rule -> assertThat(rule.getVerbs()).doesNotContain("*"));
        // pods are read anywhere (health checks, SidecarSet selectors), never written cluster-wide
        assertThat(clusterWide).filteredOn(rule -> rule.getResources().contains("pods"))
                .allSatisfy(rule -> assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "list"));
        // delete only what it applies: the Kruise workloads and the bundle kinds (pruning, uninstall, a
        // BroadcastJob's previous job), never nodes, pods or events
        assertThat(clusterWide).filteredOn(rule -> rule.getVerbs().contains("delete"))
                .flatExtracting(PolicyRule::getResources).doesNotContain("nodes", "pods", "events", "secrets")
                .contains("clonesets", "broadcastjobs", "configmaps", "namespaces");
        Role token = rendered.named(Role.class, "flotilla-agent-token").orElseThrow();
        assertThat(token.getMetadata().getNamespace()).isEqualTo(Charts.NAMESPACE);
        List<PolicyRule> secrets = token.getRules().stream().filter(rule -> rule.getResources().contains("secrets"))
                .toList();
        assertThat(secrets).allSatisfy(rule -> assertThat(rule.getResources()).containsExactly("secrets"));
        // create cannot be limited to a name (the name is not known at authorization); reads and writes are
        assertThat(secrets).filteredOn(rule -> rule.getResourceNames().isEmpty())
                .flatExtracting(PolicyRule::getVerbs).containsExactly("create");
        assertThat(secrets).filteredOn(rule -> !rule.getResourceNames().isEmpty()).singleElement()
                .satisfies(rule -> assertThat(rule.getResourceNames()).containsExactly("flotilla-agent-token"));
        // the applications' inventories: ConfigMaps in its own namespace only
        assertThat(token.getRules()).filteredOn(rule -> rule.getResources().contains("configmaps")).singleElement()
                .satisfies(rule -> assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "create", "update",
                        "patch", "delete"));
    }

    @Test
    void grantsTheBundleKindsAPlatformTeamChoosesAndNoneWhenTold(@TempDir Path dir) {
        Rendered wider = Charts.render(Charts.AGENT, List.of(Charts.valuesFile(dir, """
                bundles:
                  extraRules:
                    - apiGroups: [networking.k8s.io]
                      resources: [ingresses]
                      verbs: [get, create, update, patch, delete]
                """)));
        Rendered none = Charts.render(Charts.AGENT, List.of(Charts.valuesFile(dir, """
                bundles:
                  kinds: null
                """)));

        assertThat(wider.one(ClusterRole.class).getRules()).anySatisfy(rule -> {
            assertThat(rule.getApiGroups()).containsExactly("networking.k8s.io");
            assertThat(rule.getResources()).containsExactly("ingresses");
        }).anySatisfy(rule -> assertThat(rule.getResources()).contains("configmaps", "poddisruptionbudgets"));
        assertThat(none.one(ClusterRole.class).getRules()).flatExtracting(PolicyRule::getResources)
                .doesNotContain("configmaps", "namespaces");
    }

    @Test
    void grantsPodsOnlyInTheNamespacesThatHostControlPlanes() {
        Rendered rendered = Charts.render(Charts.AGENT, List.of(Charts.values("agent-full")));

        List<Role> podRoles = rendered.all(Role.class).stream()
                .filter(role -> role.getRules().stream().anyMatch(rule -> rule.getResources().contains("pods")))
                .toList();
        assertThat(podRoles).extracting(role -> role.getMetadata().getNamespace())
                .containsExactlyInAnyOrder("cp-shop", "cp-bank");
        assertThat(podRoles).flatExtracting(Role::getRules).flatExtracting(PolicyRule::getVerbs)
                .containsOnly("get", "list", "patch");
        assertThat(rendered.all(RoleBinding.class)).filteredOn(b -> b.getRoleRef().getName().endsWith("-control-plane"))
                .extracting(b -> b.getMetadata().getNamespace()).containsExactlyInAnyOrder("cp-shop", "cp-bank");
        assertThat(Charts.render(Charts.AGENT, List.of()).all(Role.class))
                .noneMatch(role -> role.getRules().stream().anyMatch(rule -> rule.getResources().contains("pods")));
    }

    @Test
    void passesTheRegistrationTokenClusterNameAndLabelsToTheAgentSettings() {
        Rendered rendered = Charts.render(Charts.AGENT, List.of(Charts.values("agent-full")));

        Container agent = container(rendered);
        EnvVar token = agent.getEnv().stream().filter(e -> e.getName().equals("FLOTILLA_AGENT_REGISTRATIONTOKEN"))
                .findFirst().orElseThrow();
        Secret secret = rendered.named(Secret.class, token.getValueFrom().getSecretKeyRef().getName()).orElseThrow();
        assertThat(secret.getStringData()).containsEntry(token.getValueFrom().getSecretKeyRef().getKey(),
                "flr_0123456789abcdef");
        AgentConfig config = AgentConfig.of(rendered);
        assertThat(config.path("flotilla.agent.url")).isEqualTo("https://flotilla.example.com");
        assertThat(config.path("flotilla.agent.cluster-name")).isEqualTo("prod-eu-1");
        assertThat(config.map("flotilla.agent.cluster-labels"))
                .containsEntry("[env]", "prod").containsEntry("[topology.kubernetes.io/region]", "eu-west");
        assertThat(config.path("flotilla.agent.poll-timeout")).isEqualTo("45s");
        assertThat(config.path("flotilla.agent.token-store.secret-name")).isEqualTo("flotilla-agent-token");
    }

    @Test
    void mountsTheCaBundleAndClientCertificateWhereTheAgentSettingsPoint() {
        Rendered rendered = Charts.render(Charts.AGENT, List.of(Charts.values("agent-full")));

        AgentConfig config = AgentConfig.of(rendered);
        PodSpec pod = rendered.one(Deployment.class).getSpec().getTemplate().getSpec();
        String caMount = mountOf(container(rendered), "ca");
        assertThat(config.path("flotilla.agent.tls.ca-bundle")).isEqualTo(caMount + "/ca.crt");
        String caConfigMap = pod.getVolumes().stream().filter(v -> v.getName().equals("ca")).findFirst().orElseThrow()
                .getConfigMap().getName();
        assertThat(rendered.named(ConfigMap.class, caConfigMap).orElseThrow().getData().get("ca.crt"))
                .startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("-----END CERTIFICATE-----\n");
        String clientMount = mountOf(container(rendered), "client-certificate");
        assertThat(config.path("flotilla.agent.tls.client-certificate")).isEqualTo(clientMount + "/tls.crt");
        assertThat(config.path("flotilla.agent.tls.client-key")).isEqualTo(clientMount + "/tls.key");
        assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals("client-certificate")).singleElement()
                .satisfies(v -> assertThat(v.getSecret().getSecretName()).isEqualTo("flotilla-agent-client"));
        assertThat(config.path("flotilla.agent.proxy.url")).isEqualTo("http://proxy.example.com:3128");
        assertThat(config.list("flotilla.agent.proxy.no-proxy")).containsExactly(".svc", ".cluster.local");
        assertThat(rendered.one(ServiceMonitor.class).getSpec().getEndpoints()).singleElement()
                .satisfies(e -> assertThat(e.getPath()).isEqualTo("/metrics"));
    }

    @Test
    void readsTheBootstrapTokenAndAnExistingCaConfigMapFromMountedFiles() {
        Rendered rendered = Charts.render(Charts.AGENT, List.of(Charts.values("agent-bootstrap")));

        AgentConfig config = AgentConfig.of(rendered);
        assertThat(config.path("flotilla.agent.bootstrap-token-file"))
                .isEqualTo(mountOf(container(rendered), "bootstrap") + "/token");
        assertThat(config.path("flotilla.agent.tls.ca-bundle")).isEqualTo(mountOf(container(rendered), "ca")
                + "/bundle.pem");
        assertThat(rendered.one(Deployment.class).getSpec().getTemplate().getSpec().getVolumes())
                .filteredOn(v -> v.getName().equals("ca")).singleElement()
                .satisfies(v -> assertThat(v.getConfigMap().getName()).isEqualTo("corporate-ca"));
        assertThat(container(rendered).getEnv()).extracting(EnvVar::getName)
                .doesNotContain("FLOTILLA_AGENT_REGISTRATIONTOKEN");
        assertThat(rendered.all(ConfigMap.class)).hasSize(1);
    }

    @ParameterizedTest
    @MethodSource("refusedValues")
    void refusesValuesTheAgentCouldNotStartWith(String values, String message, @TempDir Path dir) {
        Path file = Charts.valuesFile(dir, values);

        assertThatThrownBy(() -> Charts.render(Charts.AGENT, List.of(file))).hasMessageContaining(message);
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> refusedValues() {
        return Stream.of(
                org.junit.jupiter.params.provider.Arguments.of("registration:\n  token: flr_x\n",
                        "registration.clusterName is required"),
                org.junit.jupiter.params.provider.Arguments.of(
                        "registration:\n  token: flr_x\n  clusterName: a\nbootstrap:\n  existingSecret: b\n",
                        "not both: a cluster joins one way"),
                org.junit.jupiter.params.provider.Arguments.of("metaController:\n  url: flotilla.example.com\n",
                        "metaController.url must be"),
                org.junit.jupiter.params.provider.Arguments.of("proxy:\n  url: https://proxy:3128\n",
                        "proxy.url must be http://host:port"));
    }

    private static Container container(Rendered rendered) {
        return rendered.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static String mountOf(Container container, String volume) {
        return container.getVolumeMounts().stream().filter(m -> m.getName().equals(volume)).findFirst()
                .map(VolumeMount::getMountPath).orElseThrow(() -> new AssertionError("no mount of " + volume));
    }
}
