package dev.flotilla.meta.token;

import java.util.Optional;

/**
 * The portal caller behind an API token.
 *
 * @param tenant the tenant the token is limited to, or null for the whole fleet
 */
public record ApiCaller(String tokenName, Role role, String tenant) {

    public Optional<String> tenantScope() {
        return Optional.ofNullable(tenant);
    }

    /** Whether this caller may see a resource of the given tenant. */
    public boolean sees(String resourceTenant) {
        return tenant == null || tenant.equals(resourceTenant);
    }
}
