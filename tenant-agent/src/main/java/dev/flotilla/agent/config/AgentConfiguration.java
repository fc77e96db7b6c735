package dev.flotilla.agent.config;

import dev.flotilla.agent.AgentRuntime;
import dev.flotilla.agent.TenantAgent;
import dev.flotilla.agent.backend.ClusterBackend;
import dev.flotilla.agent.backend.kubernetes.ApplyStrategy;
import dev.flotilla.agent.backend.kubernetes.KubernetesBackend;
import dev.flotilla.agent.backend.kubernetes.SecretTokenStore;
import dev.flotilla.agent.hub.Enrolment;
import dev.flotilla.agent.hub.FileTokenStore;
import dev.flotilla.agent.hub.HubTransport;
import dev.flotilla.agent.hub.TokenStore;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/** Builds the plain-Java agent core from {@link AgentProperties}. */
@Configuration(proxyBeanMethods = false)
class AgentConfiguration {

    static final Path SERVICE_ACCOUNT_NAMESPACE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

    @Bean(destroyMethod = "close")
    AgentRuntime agentRuntime(AgentNetworkProperties network) {
        AgentNetworkProperties.Tls tls = network.tls();
        AgentNetworkProperties.Proxy proxy = network.proxy();
        return AgentRuntime.create(HubTransport.of(tls.caBundle(), tls.clientCertificate(), tls.clientKey(),
                proxy.url(), proxy.noProxy()));
    }

    @Bean(destroyMethod = "close")
    PrometheusMeterRegistry agentMeterRegistry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    @Bean(destroyMethod = "close")
    @Lazy
    KubernetesClient kubernetesClient(AgentProperties properties) {
        if (properties.kubeconfig() == null) {
            return new KubernetesClientBuilder().build();
        }
        return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(read(properties.kubeconfig()))).build();
    }

    @Bean(destroyMethod = "close")
    ClusterBackend clusterBackend(ObjectProvider<KubernetesClient> client, PrometheusMeterRegistry metrics) {
        return new MeteredBackend(new KubernetesBackend(client.getObject(), ApplyStrategy.serverSide()), metrics);
    }

    @Bean
    TokenStore tokenStore(AgentProperties properties, ObjectProvider<KubernetesClient> client) {
        AgentProperties.TokenStore store = properties.tokenStore();
        boolean inCluster = Files.isReadable(SERVICE_ACCOUNT_NAMESPACE);
        boolean secret = store.kind() == AgentProperties.TokenStoreKind.secret
                || (store.kind() == AgentProperties.TokenStoreKind.auto && inCluster);
        if (!secret) {
            return new FileTokenStore(store.file());
        }
        String namespace = store.secretNamespace() != null ? store.secretNamespace()
                : read(SERVICE_ACCOUNT_NAMESPACE).trim();
        return new SecretTokenStore(client.getObject(), namespace, store.secretName());
    }

    @Bean
    AgentLifecycle tenantAgent(AgentRuntime runtime, AgentProperties properties, ClusterBackend backend,
            TokenStore tokens) {
        TenantAgent.Settings settings = new TenantAgent.Settings(
                properties.clusterName() != null ? properties.clusterName() : properties.name(), properties.url(),
                enrolment(properties), properties.pollTimeout(), properties.tick(), properties.factsInterval(),
                properties.reportBufferSize(), properties.agentVersion());
        return new AgentLifecycle(new TenantAgent(runtime, settings, backend, tokens, Clock.systemUTC()));
    }

    /** A registration token (the agent adds its own cluster) before a bootstrap token (an admin added it). */
    private static Enrolment enrolment(AgentProperties properties) {
        String registration = properties.registrationToken();
        if (registration != null && !registration.isBlank()) {
            return new Enrolment(registration.trim(), properties.clusterName(), properties.clusterLabels());
        }
        return Enrolment.bootstrap(bootstrapToken(properties));
    }

    private static String bootstrapToken(AgentProperties properties) {
        if (properties.bootstrapToken() != null && !properties.bootstrapToken().isBlank()) {
            return properties.bootstrapToken().trim();
        }
        Path file = properties.bootstrapTokenFile();
        return file != null && Files.isReadable(file) ? read(file).trim() : null;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
