package dev.flotilla.meta.oidc;

import dev.flotilla.meta.token.ApiCaller;
import dev.flotilla.meta.token.Role;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Turns a validated JWT into the portal caller it stands for: {@code oidc:<subject>} with the highest role its
 * groups map to, its tenant from the tenant claim and, for people reading the audit log, its {@code name} (or
 * {@code preferred_username}) claim.
 */
final class OidcCallers {

    private static final Pattern TENANT = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");

    /** What a token maps to: a caller, or an {@link UnmappedIdentity} saying why none. */
    sealed interface Mapping permits Mapped, UnmappedIdentity {
    }

    /** A token that maps to a caller with a role. */
    record Mapped(ApiCaller caller) implements Mapping {
    }

    private final String rolesClaim;
    private final Map<String, Role> roles;
    private final String tenantClaim;

    OidcCallers(OidcProperties properties) {
        this.rolesClaim = properties.rolesClaim();
        this.roles = new TreeMap<>(properties.roles());
        this.tenantClaim = properties.tenantClaim() == null || properties.tenantClaim().isBlank() ? null
                : properties.tenantClaim().strip();
    }

    /** The caller the token stands for, or why it stands for none. */
    Mapping map(Jwt jwt) {
        String subject = jwt.getSubject();
        if (subject == null || subject.isBlank()) {
            return new UnmappedIdentity("?", "the token has no sub claim");
        }
        List<String> groups = strings(jwt.getClaim(rolesClaim));
        Optional<Role> role = groups.stream().map(roles::get).filter(r -> r != null).max(Role::compareTo);
        if (role.isEmpty()) {
            return new UnmappedIdentity(subject, "the identity '" + subject + "' has no group mapped to a Flotilla role ("
                    + rolesClaim + " claim: " + groups + "; mapped groups: " + roles.keySet()
                    + ", see flotilla.auth.oidc.roles)");
        }
        String tenant = null;
        if (tenantClaim != null) {
            List<String> tenants = strings(jwt.getClaim(tenantClaim));
            if (tenants.size() > 1) {
                return new UnmappedIdentity(subject, "the identity '" + subject + "' names several tenants in its "
                        + tenantClaim + " claim " + tenants + "; one at most");
            }
            if (tenants.size() == 1) {
                tenant = tenants.get(0);
                if (!TENANT.matcher(tenant).matches()) {
                    return new UnmappedIdentity(subject, "the " + tenantClaim + " claim of identity '" + subject
                            + "' is not a tenant name (a DNS-1123 label): '" + shorten(tenant) + "'");
                }
            }
        }
        return new Mapped(new ApiCaller("oidc:" + subject, role.get(), tenant, displayName(jwt, subject)));
    }

    private static String displayName(Jwt jwt, String subject) {
        return Stream.of("name", "preferred_username", "email")
                .map(jwt::getClaimAsString)
                .filter(value -> value != null && !value.isBlank())
                .findFirst()
                .orElse(subject);
    }

    private static List<String> strings(Object claim) {
        if (claim instanceof String s) {
            return s.isBlank() ? List.of() : List.of(s.strip());
        }
        if (claim instanceof Collection<?> values) {
            return values.stream().filter(v -> v instanceof String).map(v -> ((String) v).strip()).toList();
        }
        return List.of();
    }

    private static String shorten(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }
}
