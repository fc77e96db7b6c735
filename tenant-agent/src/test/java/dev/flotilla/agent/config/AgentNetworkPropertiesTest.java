package dev.flotilla.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class AgentNetworkPropertiesTest {

    @Configuration
    @EnableConfigurationProperties({AgentProperties.class, AgentNetworkProperties.class})
    static class Properties {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(Properties.class);

    @Test
    void bindsTheSettingsTheAgentChartWrites() {
        runner.withPropertyValues("flotilla.agent.url=https://flotilla.example.com",
                "flotilla.agent.tls.ca-bundle=/etc/flotilla/tls/ca/ca.crt",
                "flotilla.agent.tls.client-certificate=/etc/flotilla/tls/client/tls.crt",
                "flotilla.agent.tls.client-key=/etc/flotilla/tls/client/tls.key",
                "flotilla.agent.proxy.url=http://proxy.example.com:3128",
                "flotilla.agent.proxy.no-proxy=.svc,.cluster.local",
                "flotilla.agent.management.port=9191").run(context -> {
                    AgentNetworkProperties network = context.getBean(AgentNetworkProperties.class);
                    assertThat(network.tls().caBundle()).isEqualTo(Path.of("/etc/flotilla/tls/ca/ca.crt"));
                    assertThat(network.tls().clientKey()).isEqualTo(Path.of("/etc/flotilla/tls/client/tls.key"));
                    assertThat(network.proxy().url()).isEqualTo(URI.create("http://proxy.example.com:3128"));
                    assertThat(network.proxy().noProxy()).containsExactly(".svc", ".cluster.local");
                    assertThat(network.management().port()).isEqualTo(9191);
                    assertThat(context.getBean(AgentProperties.class).url())
                            .isEqualTo(URI.create("https://flotilla.example.com"));
                });
    }

    @Test
    void defaultsToNoProxyTheJvmTrustStoreAndTheManagementPortOn9090() {
        runner.withPropertyValues("flotilla.agent.url=https://flotilla.example.com").run(context -> {
            AgentNetworkProperties network = context.getBean(AgentNetworkProperties.class);
            assertThat(network.tls().caBundle()).isNull();
            assertThat(network.proxy().url()).isNull();
            assertThat(network.proxy().noProxy()).isEmpty();
            assertThat(network.management().enabled()).isTrue();
            assertThat(network.management().port()).isEqualTo(9090);
            assertThat(network.management().pollStaleness()).isEqualTo(Duration.ofMinutes(2));
        });
    }

    @Test
    void opensTheManagementPortBesideTheAgent() {
        runner.withUserConfiguration(AgentConfiguration.class, AgentManagementConfiguration.class)
                .withPropertyValues("flotilla.agent.url=http://127.0.0.1:9",
                        "flotilla.agent.token-store.kind=file", "flotilla.agent.token-store.file=target/test-token",
                        "flotilla.agent.bootstrap-token=flb_test", "flotilla.agent.management.port=0")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    ManagementServer management = context.getBean(ManagementServer.class);
                    assertThat(management.isRunning()).isTrue();
                    HttpResponse<String> live = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + management.port() + "/livez")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(live.statusCode()).isEqualTo(200);
                });
    }

    @Test
    void refusesToStartWithAClientCertificateButNoKey() {
        runner.withUserConfiguration(AgentConfiguration.class)
                .withPropertyValues("flotilla.agent.url=https://flotilla.example.com",
                        "flotilla.agent.tls.client-certificate=/etc/flotilla/tls/client/tls.crt")
                .run(context -> assertThat(context.getStartupFailure()).rootCause()
                        .hasMessageContaining("flotilla.agent.tls.client-key"));
    }
}
