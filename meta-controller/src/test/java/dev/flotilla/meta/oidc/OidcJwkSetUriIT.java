package dev.flotilla.meta.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.meta.oidc.TestIdentityProvider.Client;
import dev.flotilla.meta.token.Role;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * {@code flotilla.auth.oidc.jwk-set-uri} instead of discovery: the keys come straight from the provider's JWK set,
 * and with no issuer configured the signature and the audience still decide.
 */
class OidcJwkSetUriIT {

    static final TestIdentityProvider IDP = TestIdentityProvider.start(List.of(
            Client.of("jw-sre", "sre"), Client.of("jw-elsewhere", "sre").audience("someone-else")), List.of());

    @AfterAll
    static void stopProvider() {
        IDP.close();
    }

    private final OidcAuthentication oidc = new OidcAuthentication(new OidcProperties(null,
            URI.create(IDP.issuer() + "/oauth2/jwks"), TestIdentityProvider.AUDIENCE, "groups",
            Map.of("sre", Role.operator), null, Duration.ofSeconds(60), null, "openid"),
            Clock.systemUTC());

    @Test
    void decodesTheProvidersTokensWithItsPublishedKeys() {
        var jwt = oidc.decoder().decode(IDP.token("jw-sre"));

        assertThat(jwt.getSubject()).isEqualTo("jw-sre");
        assertThat(jwt.getClaimAsStringList("groups")).containsExactly("sre");
    }

    @Test
    void stillRefusesATokenForAnotherAudience() {
        assertThatThrownBy(() -> oidc.decoder().decode(IDP.token("jw-elsewhere")))
                .isInstanceOf(JwtValidationException.class)
                .hasMessageContaining("someone-else");
    }

    @Test
    void refusesToStartWithoutAnAudience() {
        assertThatThrownBy(() -> new OidcAuthentication(new OidcProperties(URI.create(IDP.issuer()), null, " ",
                "groups", Map.of(), null, Duration.ofSeconds(60), null, "openid"), Clock.systemUTC()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("flotilla.auth.oidc.audience");
    }
}
