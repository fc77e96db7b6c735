package dev.flotilla.meta.oidc;

import dev.flotilla.meta.token.Role;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code flotilla.auth.oidc.*}: JWT bearer tokens of an OpenID Connect identity provider, accepted on the portal
 * API next to the API tokens. Off unless {@code issuer-uri} or {@code jwk-set-uri} is set.
 *
 * @param issuerUri the provider's issuer: its {@code iss} claim must match, and its keys are found through
 *     {@code <issuer-uri>/.well-known/openid-configuration} (looked up at the first token, not at start)
 * @param jwkSetUri where the signing keys are, when they are not to be discovered from the issuer
 * @param audience what the token's {@code aud} claim must contain (required: a token the provider issued for
 *     another application is refused)
 * @param rolesClaim the claim naming the caller's groups (a list of strings, or one string)
 * @param roles group to Flotilla role; the highest role of the matching groups wins, a caller matching none is
 *     refused (403)
 * @param tenantClaim the claim holding the caller's tenant, if any; a caller without it acts for the whole fleet
 * @param clockSkew how far {@code exp} and {@code nbf} may be off
 * @param dashboardClientId the public client (authorization code with PKCE) the dashboard signs in with; without
 *     it the dashboard offers only the token sign-in
 * @param dashboardScopes the scopes the dashboard asks for
 */
@Validated
@ConfigurationProperties("flotilla.auth.oidc")
public record OidcProperties(
        URI issuerUri,
        URI jwkSetUri,
        String audience,
        @NotBlank @DefaultValue("groups") String rolesClaim,
        @NotNull @DefaultValue Map<String, Role> roles,
        String tenantClaim,
        @NotNull @DefaultValue("60s") Duration clockSkew,
        String dashboardClientId,
        @NotBlank @DefaultValue("openid profile email") String dashboardScopes) {

    public boolean enabled() {
        return issuerUri != null || jwkSetUri != null;
    }
}
