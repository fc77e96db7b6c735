package dev.flotilla.agent.config;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The management port: probes reflecting both of the agent's links, and its metrics. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "flotilla.agent.management.enabled", matchIfMissing = true)
class AgentManagementConfiguration {

    @Bean(destroyMethod = "close")
    ApiServerCheck apiServerCheck(ObjectProvider<KubernetesClient> client, AgentNetworkProperties network) {
        ApiServerCheck check = new ApiServerCheck(() -> client.getObject().getKubernetesVersion().getGitVersion(),
                network.management().apiServerCheck(), Clock.systemUTC());
        check.start();
        return check;
    }

    @Bean
    AgentHealth agentHealth(AgentLifecycle lifecycle, ApiServerCheck apiServer, AgentNetworkProperties network) {
        return new AgentHealth(lifecycle::agent, apiServer, network.management().pollStaleness(), Clock.systemUTC());
    }

    @Bean
    ManagementServer managementServer(AgentHealth health, PrometheusMeterRegistry metrics, AgentLifecycle lifecycle,
            AgentNetworkProperties network) {
        AgentMetrics.bind(metrics, lifecycle.agent());
        return new ManagementServer(network.management().port(), health, metrics);
    }
}
