package dev.flotilla.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.agent.backend.ClusterBackend;
import dev.flotilla.agent.hub.FileTokenStore;
import dev.flotilla.agent.hub.TokenStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class AgentPropertiesTest {

    @Configuration
    @EnableConfigurationProperties({AgentProperties.class, AgentNetworkProperties.class})
    static class Properties {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(Properties.class);

    @Test
    void bindsWithDefaultsFromTheUrlAlone() {
        runner.withPropertyValues("flotilla.agent.url=https://meta.example:8443").run(context -> {
            AgentProperties properties = context.getBean(AgentProperties.class);
            assertThat(properties.backend()).isEqualTo(AgentProperties.Backend.kubernetes);
            assertThat(properties.pollTimeout()).isEqualTo(Duration.ofSeconds(30));
            assertThat(properties.tick()).isEqualTo(Duration.ofSeconds(1));
            assertThat(properties.reportBufferSize()).isEqualTo(1000);
            assertThat(properties.tokenStore().kind()).isEqualTo(AgentProperties.TokenStoreKind.auto);
        });
    }

    @Test
    void refusesToStartWithoutTheMetaControllerUrl() {
        runner.run(context -> assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("url"));
    }

    @Test
    void refusesAReportBufferOfZero() {
        runner.withPropertyValues("flotilla.agent.url=http://meta", "flotilla.agent.report-buffer-size=0")
                .run(context -> assertThat(context.getStartupFailure()).rootCause()
                        .hasMessageContaining("reportBufferSize"));
    }

    @Test
    void refusesTheSimulatedBackendWhichLivesInFleetSim() {
        runner.withPropertyValues("flotilla.agent.url=http://meta", "flotilla.agent.backend=simulated")
                .run(context -> assertThat(context.getStartupFailure()).rootCause()
                        .hasMessageContaining("simulated"));
    }

    @Test
    void wiresTheKubernetesBackendAndAFileTokenStoreOutsideAPod() {
        runner.withUserConfiguration(AgentConfiguration.class)
                .withPropertyValues("flotilla.agent.url=http://127.0.0.1:9",
                        "flotilla.agent.token-store.kind=file", "flotilla.agent.token-store.file=target/test-token",
                        "flotilla.agent.bootstrap-token=flb_test")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(ClusterBackend.class)).isInstanceOf(MeteredBackend.class);
                    assertThat(context.getBean(TokenStore.class)).isInstanceOf(FileTokenStore.class);
                    assertThat(context.getBean(AgentLifecycle.class).isRunning()).isTrue();
                });
    }

    @Test
    void bindsTheRegistrationTokenTheClusterNameAndItsLabels() {
        runner.withPropertyValues("flotilla.agent.url=http://meta", "flotilla.agent.registration-token=flr_abc",
                        "flotilla.agent.cluster-name=edge-7", "flotilla.agent.cluster-labels.env=prod",
                        "flotilla.agent.cluster-labels[team.example.com/owner]=payments")
                .run(context -> {
                    AgentProperties properties = context.getBean(AgentProperties.class);
                    assertThat(properties.registrationToken()).isEqualTo("flr_abc");
                    assertThat(properties.clusterName()).isEqualTo("edge-7");
                    assertThat(properties.clusterLabels()).containsEntry("env", "prod")
                            .containsEntry("team.example.com/owner", "payments");
                });
    }

    @Test
    void refusesARegistrationTokenWithoutAClusterName() {
        runner.withPropertyValues("flotilla.agent.url=http://meta", "flotilla.agent.registration-token=flr_abc")
                .run(context -> assertThat(context.getStartupFailure()).rootCause()
                        .hasMessageContaining("flotilla.agent.cluster-name must be set"));
    }

    @Test
    void refusesAClusterNameThatIsNoDnsLabel() {
        runner.withPropertyValues("flotilla.agent.url=http://meta", "flotilla.agent.registration-token=flr_abc",
                        "flotilla.agent.cluster-name=Edge_7")
                .run(context -> assertThat(context.getStartupFailure()).rootCause()
                        .hasMessageContaining("clusterName"));
    }
}
