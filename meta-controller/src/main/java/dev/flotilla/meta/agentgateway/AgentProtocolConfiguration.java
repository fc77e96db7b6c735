package dev.flotilla.meta.agentgateway;

import dev.flotilla.meta.config.DatabaseLane;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Puts the {@link AgentProtocolFilter} on the agent API, ahead of the security filters (order -100), before it the
 * {@link AgentLaneFilter} that sends the agent API's database work to its own connections, and before everything
 * the filter of {@link AgentAnswers}.
 */
@Configuration(proxyBeanMethods = false)
class AgentProtocolConfiguration {

    static final int FILTER_ORDER = -200;
    /** Before every other filter: the security filters resolve the agent's token from the database. */
    static final int LANE_FILTER_ORDER = -1000;

    @Bean
    FilterRegistrationBean<AgentProtocolFilter> agentProtocolFilter() {
        FilterRegistrationBean<AgentProtocolFilter> registration =
                new FilterRegistrationBean<>(new AgentProtocolFilter());
        registration.addUrlPatterns("/agent/*");
        registration.setOrder(FILTER_ORDER);
        registration.setName("agentProtocolFilter");
        return registration;
    }

    @Bean
    FilterRegistrationBean<AgentLaneFilter> agentLaneFilter() {
        FilterRegistrationBean<AgentLaneFilter> registration = new FilterRegistrationBean<>(new AgentLaneFilter());
        registration.addUrlPatterns("/agent/*");
        registration.setOrder(LANE_FILTER_ORDER);
        registration.setName("agentLaneFilter");
        return registration;
    }

    /**
     * Ahead of every other filter (their way out must be over before an answer is written on the response): the
     * agent API's answers completed without a second dispatch ({@link AgentAnswers}).
     */
    @Bean
    FilterRegistrationBean<AgentAnswers.Filter> agentAnswersFilter(JsonMapper json) {
        FilterRegistrationBean<AgentAnswers.Filter> registration =
                new FilterRegistrationBean<>(new AgentAnswers.Filter(json));
        registration.addUrlPatterns("/agent/v1/status", "/agent/v1/work");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setName("agentAnswersFilter");
        return registration;
    }

    /** Runs every agent API request (its token lookup included) on the agent lane of {@code DatabaseLanes}. */
    static final class AgentLaneFilter extends OncePerRequestFilter {

        @Override
        protected boolean shouldNotFilterAsyncDispatch() {
            return false;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            try (DatabaseLane.Scope lane = DatabaseLane.enterAgentLane()) {
                chain.doFilter(request, response);
            }
        }
    }
}
