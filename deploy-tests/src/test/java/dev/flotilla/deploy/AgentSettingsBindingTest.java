package dev.flotilla.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.agent.config.AgentNetworkProperties;
import dev.flotilla.agent.config.AgentProperties;
import dev.flotilla.deploy.Charts.Rendered;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ByteArrayResource;

/**
 * The agent chart's configuration file and environment bound the way the agent binds them (Spring's binder, the
 * agent's own settings records): a key the chart misspells would leave a setting at its default and fail here.
 */
class AgentSettingsBindingTest {

    @Test
    void theRenderedConfigurationBindsToTheAgentsSettings() throws IOException {
        Binder binder = binder(Charts.render(Charts.AGENT, List.of(Charts.values("agent-full"))));

        AgentProperties agent = binder.bind("flotilla.agent", Bindable.of(AgentProperties.class)).get();
        assertThat(agent.url()).isEqualTo(URI.create("https://flotilla.example.com"));
        assertThat(agent.pollTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(agent.tokenStore().kind()).isEqualTo(AgentProperties.TokenStoreKind.secret);
        assertThat(agent.tokenStore().secretName()).isEqualTo("flotilla-agent-token");
        assertThat(agent.agentVersion()).isEqualTo("0.1.0");
        AgentNetworkProperties network = binder.bind("flotilla.agent", Bindable.of(AgentNetworkProperties.class))
                .get();
        assertThat(network.tls().caBundle()).isEqualTo(Path.of("/etc/flotilla/tls/ca/ca.crt"));
        assertThat(network.tls().clientCertificate()).isEqualTo(Path.of("/etc/flotilla/tls/client/tls.crt"));
        assertThat(network.tls().clientKey()).isEqualTo(Path.of("/etc/flotilla/tls/client/tls.key"));
        assertThat(network.proxy().url()).isEqualTo(URI.create("http://proxy.example.com:3128"));
        assertThat(network.proxy().noProxy()).containsExactly(".svc", ".cluster.local");
        assertThat(network.management().port()).isEqualTo(9090);
    }

    @Test
    void theRegistrationSettingsReachTheirPropertyNamesWithLabelKeysIntact() throws IOException {
        Binder binder = binder(Charts.render(Charts.AGENT, List.of(Charts.values("agent-full"))));

        // the environment variable carries the Secret's value; "registration-token" is its relaxed name
        assertThat(binder.bind("flotilla.agent.registration-token", String.class).get())
                .isEqualTo("(from Secret flotilla-agent-registration)");
        assertThat(binder.bind("flotilla.agent.cluster-name", String.class).get()).isEqualTo("prod-eu-1");
        assertThat(binder.bind("flotilla.agent.cluster-labels", Bindable.mapOf(String.class, String.class)).get())
                .containsExactlyInAnyOrderEntriesOf(Map.of("env", "prod", "topology.kubernetes.io/region", "eu-west"));
    }

    @Test
    void theBootstrapTokenFileBindsWhenABootstrapSecretIsGiven() throws IOException {
        Binder binder = binder(Charts.render(Charts.AGENT, List.of(Charts.values("agent-bootstrap"))));

        AgentProperties agent = binder.bind("flotilla.agent", Bindable.of(AgentProperties.class)).get();
        assertThat(agent.bootstrapTokenFile()).isEqualTo(Path.of("/etc/flotilla/bootstrap/token"));
        assertThat(agent.url()).isEqualTo(URI.create("http://flotilla-meta-controller.flotilla-system.svc"));
    }

    /**
     * The ConfigMap's application.yaml plus the container's environment (under the name Spring gives the process
     * environment, which turns on its relaxed names), Secret references shown by name.
     */
    private static Binder binder(Rendered rendered) throws IOException {
        ConfigMap config = rendered.all(ConfigMap.class).stream()
                .filter(c -> c.getData().containsKey("application.yaml")).findFirst().orElseThrow();
        List<PropertySource<?>> sources = new ArrayList<>(new YamlPropertySourceLoader().load("agent chart",
                new ByteArrayResource(config.getData().get("application.yaml").getBytes(StandardCharsets.UTF_8))));
        List<EnvVar> env = rendered.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0)
                .getEnv();
        Map<String, Object> variables = env.stream().collect(Collectors.toMap(EnvVar::getName,
                e -> e.getValue() != null ? e.getValue()
                        : "(from Secret " + e.getValueFrom().getSecretKeyRef().getName() + ")"));
        sources.add(0, new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        Iterable<ConfigurationPropertySource> attached = ConfigurationPropertySources.from(sources);
        return new Binder(attached);
    }
}
