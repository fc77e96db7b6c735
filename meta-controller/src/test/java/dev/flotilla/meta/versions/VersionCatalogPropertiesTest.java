package dev.flotilla.meta.versions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.annotation.UserConfigurations;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

class VersionCatalogPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @Import(VersionCatalog.class)
    static class CatalogOnly {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withConfiguration(UserConfigurations.of(CatalogOnly.class));

    @Test
    void bindsTheShippedCatalogWithEtcdVersionsImagesAndRemovals() {
        runner.run(context -> {
            VersionCatalog catalog = context.getBean(VersionCatalog.class);
            assertThat(catalog.releases()).extracting(r -> r.minor().toString())
                    .containsExactly("1.28", "1.29", "1.30", "1.31", "1.32", "1.33", "1.34");
            assertThat(catalog.releases()).extracting(KubernetesRelease::etcdVersion)
                    .containsExactly("3.5.9", "3.5.10", "3.5.12", "3.5.15", "3.5.16", "3.5.21", "3.6.4");
            KubernetesRelease v130 = catalog.release("1.30").orElseThrow();
            assertThat(v130.image(ControlPlaneComponent.KUBE_APISERVER)).isEqualTo("registry.k8s.io/kube-apiserver:v1.30.0");
            assertThat(v130.image(ControlPlaneComponent.ETCD)).isEqualTo("registry.k8s.io/etcd:3.5.12-0");
            assertThat(catalog.release("1.32").orElseThrow().removedApis())
                    .containsExactly("flowcontrol.apiserver.k8s.io/v1beta3");
            assertThat(catalog.release("1.28").orElseThrow().lifecycle()).isEqualTo(Lifecycle.expired);
            assertThat(catalog.stepDeadline()).isEqualTo(Duration.ofMinutes(30));
        });
    }

    @Test
    void aDeploymentSetsTheStepDeadlineUpToSevenDays() {
        runner.withPropertyValues("flotilla.versions.step-deadline=7d")
                .run(context -> assertThat(context.getBean(VersionCatalog.class).stepDeadline())
                        .isEqualTo(Duration.ofDays(7)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0s", "500ms", "-5m", "P7DT1S", "8d"})
    void refusesToStartWithAStepDeadlineOutsideOneSecondToSevenDays(String deadline) {
        runner.withPropertyValues("flotilla.versions.step-deadline=" + deadline)
                .run(context -> assertThat(context).hasFailed()
                        .getFailure().rootCause().hasMessageContaining("stepDeadline must be at least 1 second"));
    }

    @Test
    void aDeploymentReplacesTheReleasesAndRegistryWithoutCodeChanges() {
        runner.withPropertyValues("flotilla.versions.registry=mirror.example/k8s",
                        "flotilla.versions.releases[0].minor=1.35", "flotilla.versions.releases[0].kubernetes=1.35.1",
                        "flotilla.versions.releases[0].etcd=3.6.5",
                        "flotilla.versions.releases[0].images.etcd=quay.example/etcd:v3.6.5")
                .run(context -> {
                    VersionCatalog catalog = context.getBean(VersionCatalog.class);
                    assertThat(catalog.releases()).hasSize(1);
                    KubernetesRelease release = catalog.releases().get(0);
                    assertThat(release.lifecycle()).isEqualTo(Lifecycle.supported);
                    assertThat(release.image(ControlPlaneComponent.ETCD)).isEqualTo("quay.example/etcd:v3.6.5");
                    assertThat(release.image(ControlPlaneComponent.KUBE_SCHEDULER))
                            .isEqualTo("mirror.example/k8s/kube-scheduler:v1.35.1");
                });
    }

    @Test
    void refusesToStartWithAMalformedMinor() {
        runner.withPropertyValues("flotilla.versions.releases[0].minor=1.x",
                        "flotilla.versions.releases[0].kubernetes=1.30.0", "flotilla.versions.releases[0].etcd=3.5.12")
                .run(context -> assertThat(context).hasFailed()
                        .getFailure().rootCause().hasMessageContaining("releases[0].minor"));
    }

    @Test
    void refusesToStartWithAReleaseOfAnotherMinorOrADuplicateMinor() {
        runner.withPropertyValues("flotilla.versions.releases[0].minor=1.30",
                        "flotilla.versions.releases[0].kubernetes=1.31.0", "flotilla.versions.releases[0].etcd=3.5.12")
                .run(context -> assertThat(context).hasFailed()
                        .getFailure().rootCause().hasMessageContaining("kubernetes must be a release of the entry's minor"));
        runner.withPropertyValues("flotilla.versions.releases[0].minor=1.30",
                        "flotilla.versions.releases[0].kubernetes=1.30.0", "flotilla.versions.releases[0].etcd=3.5.12",
                        "flotilla.versions.releases[1].minor=1.30",
                        "flotilla.versions.releases[1].kubernetes=1.30.1", "flotilla.versions.releases[1].etcd=3.5.12")
                .run(context -> assertThat(context).hasFailed()
                        .getFailure().rootCause().hasMessageContaining("releases must name each minor once"));
    }

    @Test
    void refusesToStartWithAnUnknownLifecycle() {
        runner.withPropertyValues("flotilla.versions.releases[0].minor=1.30",
                        "flotilla.versions.releases[0].kubernetes=1.30.0", "flotilla.versions.releases[0].etcd=3.5.12",
                        "flotilla.versions.releases[0].lifecycle=retired")
                .run(context -> assertThat(context).hasFailed());
    }
}
