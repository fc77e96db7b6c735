package dev.flotilla.meta.token;

import java.util.Optional;

/**
 * The portal caller behind an API token (or an identity provider's token).
 *
 * @param tokenName who acts, as the audit log and events name them: the API token's name
 * @param tenant the tenant the token is limited to, or null for the whole fleet
 * @param displayName the person or system behind the call as a human reads it (the token name for API tokens)
 */
public record ApiCaller(String tokenName, Role role, String tenant, String displayName) {

    /** A caller through an API token: its name is also its display name. */
    public ApiCaller(String tokenName, Role role, String tenant) {
        this(tokenName, role, tenant, tokenName);
    }

    public Optional<String> tenantScope() {
        return Optional.ofNullable(tenant);
    }

    /** Whether this caller may see a resource of the given tenant. */
    public boolean sees(String resourceTenant) {
        return tenant == null || tenant.equals(resourceTenant);
    }
}
