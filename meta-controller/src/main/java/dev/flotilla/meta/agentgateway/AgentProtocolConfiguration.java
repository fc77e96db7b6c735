package dev.flotilla.meta.agentgateway;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Puts the {@link AgentProtocolFilter} on the agent API, ahead of the security filters (order -100). */
@Configuration(proxyBeanMethods = false)
class AgentProtocolConfiguration {

    static final int FILTER_ORDER = -200;

    @Bean
    FilterRegistrationBean<AgentProtocolFilter> agentProtocolFilter() {
        FilterRegistrationBean<AgentProtocolFilter> registration =
                new FilterRegistrationBean<>(new AgentProtocolFilter());
        registration.addUrlPatterns("/agent/*");
        registration.setOrder(FILTER_ORDER);
        registration.setName("agentProtocolFilter");
        return registration;
    }
}
