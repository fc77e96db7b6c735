package dev.flotilla.meta.web;

import dev.flotilla.meta.cluster.AgentCredentials;
import dev.flotilla.meta.oidc.OidcAuthentication;
import dev.flotilla.meta.oidc.UnmappedIdentity;
import dev.flotilla.meta.ratelimit.RateLimitFilter;
import dev.flotilla.meta.ratelimit.RateLimits;
import dev.flotilla.meta.token.ApiTokenService;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * Who may call what. Portal roles nest ({@code admin > operator > viewer}); agent tokens hold only
 * {@code AGENT} and so open nothing but the agent API, and API tokens never open the agent API. An identity
 * provider's JWTs ({@code flotilla.auth.oidc.*}) open the portal API like API tokens, by the role their groups map
 * to. Every authorized call then counts against its caller's request budget ({@link RateLimitFilter}).
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
    SecurityFilterChain securityFilterChain(HttpSecurity http, ApiTokenService apiTokens, AgentCredentials agents,
            OidcAuthentication oidc, RateLimits rateLimits) throws Exception {
        if (oidc.enabled()) {
            http.oauth2ResourceServer(resourceServer -> resourceServer
                    .bearerTokenResolver(oidc.bearerTokens())
                    .jwt(jwt -> jwt.decoder(oidc.decoder()).jwtAuthenticationConverter(oidc.authentications()))
                    .authenticationEntryPoint((request, response, ex) -> invalidJwt(response, ex))
                    // by default a provider that cannot be reached (an AuthenticationServiceException) is rethrown
                    // as a 500: answer it as the 503 it is
                    .withObjectPostProcessor(new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {
                        @Override
                        public <O extends BearerTokenAuthenticationFilter> O postProcess(O filter) {
                            filter.setAuthenticationFailureHandler((request, response, ex) -> invalidJwt(response, ex));
                            return filter;
                        }
                    }));
        }
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new BearerTokenFilter(apiTokens, agents), AnonymousAuthenticationFilter.class)
                .addFilterAfter(new RateLimitFilter(rateLimits), AuthorizationFilter.class)
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, ex) -> problem(response, 401,
                                "unauthorized", "Unauthorized", "a valid bearer token is required"))
                        .accessDeniedHandler((request, response, ex) -> problem(response, 403,
                                "forbidden", "Forbidden", deniedBecause())))
                .authorizeHttpRequests(auth -> auth
                        // the first dispatch was authorized; a completed long poll comes back as ASYNC
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers("/agent/v1/register").permitAll()
                        .requestMatchers("/agent/**").hasRole("AGENT")
                        .requestMatchers(HttpMethod.GET, "/api/v1/auth/config").permitAll()
                        .requestMatchers("/api/v1/tokens", "/api/v1/tokens/**").hasRole("ADMIN")
                        .requestMatchers("/api/v1/registration-tokens", "/api/v1/registration-tokens/**")
                                .hasRole("ADMIN")
                        .requestMatchers("/api/v1/audit").hasRole("ADMIN")
                        .requestMatchers("/api/v1/webhooks", "/api/v1/webhooks/**").hasRole("ADMIN")
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

    /** Why the caller is refused: its role, or (an identity provider's token) that it maps to no role. */
    private static String deniedBecause() {
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof UnmappedIdentity unmapped) {
            return unmapped.reason();
        }
        return "the token's role does not allow this operation";
    }

    /** An identity provider's token that was refused: expired, another issuer or audience, a bad signature. */
    private static void invalidJwt(HttpServletResponse response, AuthenticationException ex) throws IOException {
        if (ex instanceof AuthenticationServiceException) {
            response.setHeader("Retry-After", "5");
            ProblemDetails.write(response, ProblemDetails.of(503, "unavailable", "Dependency unavailable",
                    "the bearer token could not be checked: " + ex.getMessage()));
            return;
        }
        String why = ex instanceof OAuth2AuthenticationException oauth && oauth.getError().getDescription() != null
                ? oauth.getError().getDescription() : ex.getMessage();
        response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        ProblemDetails.write(response, ProblemDetails.of(401, "unauthorized", "Unauthorized",
                "the identity provider's token is not valid: " + why));
    }

    private static void problem(HttpServletResponse response, int status, String type, String title, String detail)
            throws IOException {
        ProblemDetails.write(response, ProblemDetails.of(status, type, title, detail));
    }
}
