package dev.flotilla.meta.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.meta.token.ApiCaller;
import dev.flotilla.meta.token.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

class OidcCallersTest {

    private final OidcCallers callers = new OidcCallers(new OidcProperties(null, null, "flotilla", "groups",
            Map.of("platform-admins", Role.admin, "sre", Role.operator, "dev", Role.viewer), "tenant",
            Duration.ofSeconds(60), null, "openid"));

    private static Jwt jwt(Consumer<Map<String, Object>> claims) {
        Jwt.Builder builder = Jwt.withTokenValue("t").header("alg", "RS256").subject("u-1")
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(60));
        builder.claims(claims);
        return builder.build();
    }

    @Test
    void theHighestMappedRoleWinsWhateverTheOrder() {
        var caller = callers.map(jwt(c -> c.put("groups", List.of("dev", "platform-admins", "sre", "other"))));

        assertThat(caller).isEqualTo(new OidcCallers.Mapped(new ApiCaller("oidc:u-1", Role.admin, null, "u-1")));
    }

    @Test
    void aSingleStringGroupAndTenantAreTakenAndTheNameClaimNamesThePerson() {
        var caller = callers.map(jwt(c -> {
            c.put("groups", "sre");
            c.put("tenant", "shop");
            c.put("preferred_username", "ada");
            c.put("name", "Ada Lovelace");
        }));

        assertThat(caller).isEqualTo(new OidcCallers.Mapped(new ApiCaller("oidc:u-1", Role.operator, "shop",
                "Ada Lovelace")));
    }

    @Test
    void preferredUsernameNamesThePersonWithoutAName() {
        var caller = callers.map(jwt(c -> {
            c.put("groups", List.of("dev"));
            c.put("preferred_username", "ada");
        }));

        assertThat(((OidcCallers.Mapped) caller).caller().displayName()).isEqualTo("ada");
    }

    @Test
    void noMappedGroupOrNoGroupsAtAllMapToNoCaller() {
        var unmapped = callers.map(jwt(c -> c.put("groups", List.of("marketing"))));
        var none = callers.map(jwt(c -> c.put("scope", "openid")));

        assertThat(unmapped).isInstanceOf(UnmappedIdentity.class);
        assertThat(((UnmappedIdentity) unmapped).reason()).contains("u-1", "[marketing]", "flotilla.auth.oidc.roles");
        assertThat(none).isInstanceOf(UnmappedIdentity.class);
    }

    @Test
    void severalTenantsOrOneThatIsNoLabelMapToNoCaller() {
        var several = callers.map(jwt(c -> {
            c.put("groups", "sre");
            c.put("tenant", List.of("a", "b"));
        }));
        var bad = callers.map(jwt(c -> {
            c.put("groups", "sre");
            c.put("tenant", "Shop_1");
        }));

        assertThat(((UnmappedIdentity) several).reason()).contains("several tenants");
        assertThat(((UnmappedIdentity) bad).reason()).contains("not a tenant name", "Shop_1");
    }
}
