/**
 * OpenID Connect: an identity provider's JWT bearer tokens on the portal API (roles and tenant from its claims),
 * and the sign-in configuration the dashboard reads.
 */
package dev.flotilla.meta.oidc;
