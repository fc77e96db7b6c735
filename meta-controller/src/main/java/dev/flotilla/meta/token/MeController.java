package dev.flotilla.meta.token;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/me}: who the calling token is, so a client can sign in and offer only what its role allows. */
@RestController
class MeController {

    /**
     * The caller: token name ({@code oidc:<subject>} for an identity provider's token), role, tenant scope (null
     * for the whole fleet) and the name a person reads (the token name, or the identity's name claim).
     */
    record Me(String name, Role role, String tenant, String displayName) {
    }

    @GetMapping("/api/v1/me")
    Me me(@AuthenticationPrincipal ApiCaller caller) {
        return new Me(caller.tokenName(), caller.role(), caller.tenant(), caller.displayName());
    }
}
