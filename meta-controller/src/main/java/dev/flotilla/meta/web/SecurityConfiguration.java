package dev.flotilla.meta.web;

import dev.flotilla.meta.cluster.AgentCredentials;
import dev.flotilla.meta.token.ApiTokenService;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * Who may call what. Portal roles nest ({@code admin > operator > viewer}); agent tokens hold only
 * {@code AGENT} and so open nothing but the agent API, and API tokens never open the agent API.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    static RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.fromHierarchy("""
                ROLE_ADMIN > ROLE_OPERATOR
                ROLE_OPERATOR > ROLE_VIEWER""");
    }

    /** No user store: every caller is a bearer token. */
    @Bean
    UserDetailsService noUsers() {
        return new InMemoryUserDetailsManager();
    }

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, ApiTokenService apiTokens, AgentCredentials agents)
            throws Exception {
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new BearerTokenFilter(apiTokens, agents), AnonymousAuthenticationFilter.class)
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, ex) -> problem(response, 401,
                                "unauthorized", "Unauthorized", "a valid bearer token is required"))
                        .accessDeniedHandler((request, response, ex) -> problem(response, 403,
                                "forbidden", "Forbidden", "the token's role does not allow this operation")))
                .authorizeHttpRequests(auth -> auth
                        // the first dispatch was authorized; a completed long poll comes back as ASYNC
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers("/agent/v1/register").permitAll()
                        .requestMatchers("/agent/**").hasRole("AGENT")
                        .requestMatchers("/api/v1/tokens", "/api/v1/tokens/**").hasRole("ADMIN")
                        .requestMatchers("/api/v1/registration-tokens", "/api/v1/registration-tokens/**")
                                .hasRole("ADMIN")
                        .requestMatchers("/api/v1/audit").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.GET, "/api/**").hasRole("VIEWER")
                        .requestMatchers(HttpMethod.POST, "/api/v1/clusters/*/cordon", "/api/v1/clusters/*/uncordon")
                                .hasRole("OPERATOR")
                        .requestMatchers("/api/v1/clusters", "/api/v1/clusters/*", "/api/v1/clusters/*/bootstrap-token")
                                .hasRole("ADMIN")
                        // where a tenant's control plane runs is platform wiring: admin (reads stay viewer above)
                        .requestMatchers("/api/v1/clusters/*/control-plane").hasRole("ADMIN")
                        .requestMatchers("/api/**").hasRole("OPERATOR")
                        .anyRequest().permitAll());
        return http.build();
    }

    private static void problem(HttpServletResponse response, int status, String type, String title, String detail)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.getWriter().write("{\"type\":\"" + ProblemDetails.TYPE_BASE + type + "\",\"title\":\"" + title
                + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}");
    }
}
