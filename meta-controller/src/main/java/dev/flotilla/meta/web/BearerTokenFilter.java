package dev.flotilla.meta.web;

import dev.flotilla.meta.cluster.AgentCaller;
import dev.flotilla.meta.cluster.AgentCredentials;
import dev.flotilla.meta.token.ApiCaller;
import dev.flotilla.meta.token.ApiTokenService;
import dev.flotilla.meta.token.Secrets;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer} secrets: API tokens become an {@link ApiCaller} with its role,
 * agent tokens an {@link AgentCaller} with {@code ROLE_AGENT}. Bootstrap and registration tokens are
 * left to the registration endpoint. An unknown secret authenticates nothing, so protected paths answer 401.
 */
public class BearerTokenFilter extends OncePerRequestFilter {

    static final String AGENT_AUTHORITY = "ROLE_AGENT";

    private final ApiTokenService apiTokens;
    private final AgentCredentials agents;

    BearerTokenFilter(ApiTokenService apiTokens, AgentCredentials agents) {
        this.apiTokens = apiTokens;
        this.agents = agents;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String secret = bearer(request);
        boolean authenticated = SecurityContextHolder.getContext().getAuthentication() != null;
        if (secret != null && !authenticated && !secret.startsWith(Secrets.BOOTSTRAP_PREFIX)
                && !secret.startsWith(Secrets.REGISTRATION_PREFIX)) {
            try {
                authenticate(secret);
            } catch (FlotillaException e) {
                // an expired or rotated-out API token: say so rather than a bare 401
                var problem = ProblemDetails.of(e.problem().status(), e.problem().type(), e.problem().title(),
                        e.getMessage());
                e.properties().forEach(problem::setProperty);
                ProblemDetails.write(response, problem);
                return;
            } catch (RuntimeException e) {
                if (!DatabaseOutage.causedBy(e)) {
                    throw e;
                }
                DatabaseOutage.write(response);
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private void authenticate(String secret) {
        if (secret.startsWith(Secrets.AGENT_PREFIX)) {
            agents.resolve(secret).ifPresent(agent -> setAuthentication(agent, AGENT_AUTHORITY));
        } else {
            apiTokens.resolve(secret).ifPresent(caller -> setAuthentication(caller, caller.role().authority()));
        }
    }

    private static void setAuthentication(Object principal, String authority) {
        var authentication = UsernamePasswordAuthenticationToken.authenticated(
                principal, null, List.of(new SimpleGrantedAuthority(authority)));
        SecurityContextHolder.getContext().setAuthentication(authentication);
    }

    /** The bearer secret of a request, or null. */
    static String bearer(HttpServletRequest request) {
        return bearer(request.getHeader("Authorization"));
    }

    /** The bearer secret of an {@code Authorization} header value, or null when it holds none (or a huge one). */
    public static String bearer(String header) {
        if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String secret = header.substring(7).strip();
        return secret.isEmpty() || secret.length() > 256 ? null : secret;
    }
}
