package dev.flotilla.meta.oidc;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/auth/config}, open to everyone: how a client (the dashboard) may sign in. Always with an API
 * token; with the identity provider too when {@code flotilla.auth.oidc} and its dashboard client are configured.
 */
@RestController
class AuthConfigController {

    /**
     * @param oidc the identity provider sign-in, or null when there is none
     */
    record AuthConfig(Oidc oidc) {
    }

    /**
     * @param issuer the provider's issuer: its {@code /.well-known/openid-configuration} names the endpoints
     * @param clientId the public client to use (authorization code with PKCE)
     * @param scopes the scopes to ask for, space separated
     * @param audience the audience the API requires of the access token
     */
    record Oidc(String issuer, String clientId, String scopes, String audience) {
    }

    private final OidcAuthentication oidc;

    AuthConfigController(OidcAuthentication oidc) {
        this.oidc = oidc;
    }

    @GetMapping("/api/v1/auth/config")
    AuthConfig config() {
        OidcProperties p = oidc.properties();
        if (!p.enabled() || p.issuerUri() == null || p.dashboardClientId() == null
                || p.dashboardClientId().isBlank()) {
            return new AuthConfig(null);
        }
        return new AuthConfig(new Oidc(p.issuerUri().toString(), p.dashboardClientId().strip(),
                p.dashboardScopes(), p.audience()));
    }
}
