package dev.flotilla.meta.config;

import io.micrometer.observation.ObservationPredicate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.security.config.observation.SecurityObservationSettings;

/**
 * What the web stack observes (times into Micrometer) per request. A profile of 10,000 agents long-polling showed
 * the observations themselves among the largest costs of an agent request, which does nothing else than take
 * a report or park a poll:
 * <ul>
 * <li>no observation per security filter and per filter chain ({@code spring.security.*}): Spring Security
 * otherwise wraps each of its dozen filters in an observation on every request;</li>
 * <li>no {@code http.server.requests} timer for the agent API ({@code /agent/**}): its own meters count what
 * matters there ({@code flotilla.agent.polls}, {@code flotilla.agent.poll.latency}, {@code flotilla.agent.status.*},
 * {@code flotilla.agent.heartbeats.flushed}); the portal API keeps its timers.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class WebObservationConfiguration {

    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    ObservationPredicate noAgentRequestObservations() {
        return (name, context) -> !(context instanceof ServerRequestObservationContext request
                && request.getCarrier() != null && request.getCarrier().getRequestURI().startsWith("/agent/"));
    }
}
