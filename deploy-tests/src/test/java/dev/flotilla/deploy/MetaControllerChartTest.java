package dev.flotilla.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.LintResult;
import dev.flotilla.deploy.Charts.Rendered;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
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

class MetaControllerChartTest {

    static Stream<List<Path>> valueSets() {
        return Stream.of(List.of(), List.of(Charts.values("meta-ha-ingress")), List.of(Charts.values("meta-embedded")));
    }

    @Test
    void lintsWithoutWarningsInStrictMode() {
        LintResult result = Charts.lint(Charts.META_CONTROLLER);

        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    }

    @ParameterizedTest
    @MethodSource("valueSets")
    void rendersOnlyObjectsTheKubernetesApiDefinesWithTheRecommendedLabels(List<Path> values) {
        Rendered rendered = Charts.render(Charts.META_CONTROLLER, values);

        assertThat(rendered.objects()).isNotEmpty().allSatisfy(object -> assertThat(object.getMetadata().getLabels())
                .containsKeys("app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/version",
                        "app.kubernetes.io/managed-by", "app.kubernetes.io/component", "helm.sh/chart"));
    }

    @ParameterizedTest
    @MethodSource("valueSets")
    void runsEveryPodUnderTheRestrictedPodSecurityStandard(List<Path> values) {
        Rendered rendered = Charts.render(Charts.META_CONTROLLER, values);

        List<PodTemplateSpec> templates = PodTemplates.of(rendered.objects());
        assertThat(templates).hasSize(1);
        templates.forEach(PodTemplates::assertRestricted);
    }

    @Test
    void defaultsRunTwoReplicasOnTheDatabaseSecretSpreadOverNodesUnderADisruptionBudget() {
        Rendered rendered = Charts.render(Charts.META_CONTROLLER, List.of());

        Deployment deployment = rendered.one(Deployment.class);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(env(container, "FLOTILLA_DATABASE").getValue()).isEqualTo("external");
        assertThat(env(container, "FLOTILLA_REPLICAS").getValue()).isEqualTo("2");
        assertThat(env(container, "SPRING_DATASOURCE_URL").getValueFrom().getSecretKeyRef().getName())
                .isEqualTo("flotilla-database");
        assertThat(env(container, "SPRING_DATASOURCE_PASSWORD").getValueFrom().getSecretKeyRef().getKey())
                .isEqualTo("password");
        assertThat(env(container, "FLOTILLA_ADMIN_TOKEN").getValueFrom().getSecretKeyRef().getName())
                .isEqualTo("flotilla-admin-token");
        var antiAffinity = deployment.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity()
                .getPreferredDuringSchedulingIgnoredDuringExecution();
        assertThat(antiAffinity).singleElement().satisfies(term -> {
            assertThat(term.getPodAffinityTerm().getTopologyKey()).isEqualTo("kubernetes.io/hostname");
            assertThat(term.getPodAffinityTerm().getLabelSelector().getMatchLabels())
                    .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        });
        PodDisruptionBudget budget = rendered.one(PodDisruptionBudget.class);
        assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(budget.getSpec().getSelector().getMatchLabels())
                .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        assertThat(rendered.all(Ingress.class)).isEmpty();
        assertThat(rendered.all(ServiceMonitor.class)).isEmpty();
    }

    @Test
    void servesActuatorOnItsOwnManagementPortThatProbesUseAndTheIngressNeverRoutes() {
        Rendered rendered = Charts.render(Charts.META_CONTROLLER, List.of(Charts.values("meta-ha-ingress")));

        Container container = rendered.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(env(container, "MANAGEMENT_SERVER_PORT").getValue()).isEqualTo("9090");
        assertThat(container.getPorts()).extracting(p -> p.getName() + ":" + p.getContainerPort())
                .containsExactly("http:8080", "management:9090");
        assertThat(Stream.of(container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe()))
                .allSatisfy(probe -> assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("management"));
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
        Ingress ingress = rendered.one(Ingress.class);
        assertThat(ingress.getSpec().getRules()).flatExtracting(r -> r.getHttp().getPaths())
                .allSatisfy(path -> assertThat(path.getBackend().getService().getPort().getName()).isEqualTo("http"));
        assertThat(ingress.getSpec().getTls()).singleElement()
                .satisfies(tls -> assertThat(tls.getSecretName()).isEqualTo("flotilla-tls"));
        ServiceMonitor monitor = rendered.one(ServiceMonitor.class);
        assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
        assertThat(monitor.getSpec().getEndpoints()).singleElement().satisfies(endpoint -> {
            assertThat(endpoint.getPort()).isEqualTo("management");
            assertThat(endpoint.getPath()).isEqualTo("/actuator/prometheus");
        });
        Service service = rendered.one(Service.class);
        assertThat(service.getSpec().getPorts()).extracting(ServicePort::getName).containsExactly("http", "management");
        assertThat(service.getSpec().getSelector()).isEqualTo(monitor.getSpec().getSelector().getMatchLabels());
    }

    @Test
    void readsTheSpringConfigurationFromAMountedFileAndRestartsWhenItChanges() {
        Rendered rendered = Charts.render(Charts.META_CONTROLLER, List.of(Charts.values("meta-ha-ingress")));

        ConfigMap config = rendered.one(ConfigMap.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = new KubernetesSerialization().unmarshal(config.getData().get("application.yaml"),
                Map.class);
        assertThat(tree).extracting("flotilla").extracting("versions").extracting("step-deadline").isEqualTo("45m");
        Deployment deployment = rendered.one(Deployment.class);
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(env(container, "SPRING_CONFIG_ADDITIONAL_LOCATION").getValue())
                .isEqualTo("optional:file:/etc/flotilla/config/");
        assertThat(container.getVolumeMounts()).anySatisfy(mount -> {
            assertThat(mount.getName()).isEqualTo("config");
            assertThat(mount.getMountPath()).isEqualTo("/etc/flotilla/config");
        });
        assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations()).containsKey("checksum/config");
        assertThat(Charts.render(Charts.META_CONTROLLER, List.of()).all(ConfigMap.class)).isEmpty();
    }

    @Test
    void holdsTheIngressOpenLongerThanTheLongestLongPoll() {
        Rendered rendered = Charts.render(Charts.META_CONTROLLER, List.of(Charts.values("meta-ha-ingress")));

        Map<String, String> annotations = rendered.one(Ingress.class).getMetadata().getAnnotations();
        // the meta-controller answers a work poll within spring.mvc.async.request-timeout (90 s) at the latest
        assertThat(Integer.parseInt(annotations.get("nginx.ingress.kubernetes.io/proxy-read-timeout")))
                .isGreaterThan(90);
        assertThat(annotations).containsEntry("nginx.ingress.kubernetes.io/proxy-buffering", "off");
    }

    @Test
    void requiresDifferentNodesWhenAntiAffinityIsHard() {
        Rendered rendered = Charts.render(Charts.META_CONTROLLER, List.of(Charts.values("meta-ha-ingress")));

        Deployment deployment = rendered.one(Deployment.class);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
        assertThat(deployment.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution()).singleElement()
                .satisfies(term -> assertThat(term.getTopologyKey()).isEqualTo("kubernetes.io/hostname"));
    }

    @Test
    void runsTheEmbeddedDatabaseAsOneRecreatedPodOnAKeptVolumeWithoutDisruptionBudget() {
        Rendered rendered = Charts.render(Charts.META_CONTROLLER, List.of(Charts.values("meta-embedded")));

        Deployment deployment = rendered.one(Deployment.class);
        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(env(container, "FLOTILLA_DATABASE").getValue()).isEqualTo("embedded");
        assertThat(container.getEnv()).extracting(EnvVar::getName)
                .doesNotContain("SPRING_DATASOURCE_URL", "FLOTILLA_ADMIN_TOKEN");
        PersistentVolumeClaim claim = rendered.one(PersistentVolumeClaim.class);
        assertThat(claim.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
        assertThat(claim.getSpec().getStorageClassName()).isEqualTo("standard");
        assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes())
                .filteredOn(v -> v.getPersistentVolumeClaim() != null)
                .extracting(v -> v.getPersistentVolumeClaim().getClaimName())
                .containsExactly(claim.getMetadata().getName());
        assertThat(rendered.all(PodDisruptionBudget.class)).isEmpty();
    }

    @Test
    void refusesToRenderTheEmbeddedDatabaseWithMoreThanOneReplica(@TempDir Path dir) {
        Path values = Charts.valuesFile(dir, "replicaCount: 2\ndatabase:\n  mode: embedded\n");

        assertThatThrownBy(() -> Charts.render(Charts.META_CONTROLLER, List.of(values)))
                .hasMessageContaining("database.mode=embedded runs one PostgreSQL inside one pod")
                .hasMessageContaining("replicaCount=2");
    }

    @Test
    void refusesAnExternalDatabaseWithoutItsSecret(@TempDir Path dir) {
        Path values = Charts.valuesFile(dir, "database:\n  existingSecret: \"\"\n");

        assertThatThrownBy(() -> Charts.render(Charts.META_CONTROLLER, List.of(values)))
                .hasMessageContaining("database.existingSecret");
    }

    @Test
    void failsTheBuildOnAFieldTheKubernetesApiDoesNotDefine(@TempDir Path dir) {
        Path values = Charts.valuesFile(dir, "tolerations:\n  - key: dedicated\n    operater: Exists\n");

        assertThatThrownBy(() -> Charts.render(Charts.META_CONTROLLER, List.of(values)))
                .hasMessageContaining("tolerations[0].operater");
    }

    private static EnvVar env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + container.getEnv()));
    }
}
