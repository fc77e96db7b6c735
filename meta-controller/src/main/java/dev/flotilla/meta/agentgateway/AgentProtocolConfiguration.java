package dev.flotilla.meta.agentgateway;

import dev.flotilla.meta.cluster.AgentCredentials;
import dev.flotilla.meta.config.DatabaseLane;
import dev.flotilla.meta.config.FlotillaProperties;
import dev.flotilla.meta.ratelimit.RateLimits;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Validator;
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
 * the filter of {@link AgentAnswers}; after the request limits, the {@link AgentFastLane}.
 */
@Configuration(proxyBeanMethods = false)
class AgentProtocolConfiguration {

    static final int FILTER_ORDER = -200;
    /** Before every other filter: the security filters resolve the agent's token from the database. */
    static final int LANE_FILTER_ORDER = -1000;
    static final int FAST_LANE_ORDER = -120;

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

    /**
     * After the request limits (order -150), before Spring Security (-100): the agent API's busiest calls answered
     * without the security filters and Spring MVC ({@link AgentFastLane}); {@code flotilla.agent.fast-lane=false}
     * sends them through both as every other call.
     */
    @Bean
    FilterRegistrationBean<AgentFastLane> agentFastLane(FlotillaProperties properties, AgentCredentials agents,
            RateLimits limits, JsonMapper json, Validator validator, WorkPolls polls, StatusRouter status,
            Heartbeats heartbeats, Registration enrolment) {
        FilterRegistrationBean<AgentFastLane> registration = new FilterRegistrationBean<>(new AgentFastLane(agents,
                limits, json, validator, polls, status, heartbeats, enrolment.pollTimeoutSeconds()));
        registration.addUrlPatterns(AgentFastLane.STATUS, AgentFastLane.WORK, AgentFastLane.PING);
        registration.setOrder(FAST_LANE_ORDER);
        registration.setName("agentFastLane");
        registration.setEnabled(properties.agent().fastLane());
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
