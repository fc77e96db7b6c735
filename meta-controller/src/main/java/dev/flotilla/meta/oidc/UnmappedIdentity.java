package dev.flotilla.meta.oidc;

/**
 * The principal of a valid identity provider token that maps to no Flotilla role (or to no valid tenant): it is
 * authenticated, holds no authority, and so is refused with a 403 problem saying why.
 */
public record UnmappedIdentity(String subject, String reason) implements OidcCallers.Mapping {
}
