package dev.flotilla.meta.token;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/tokens}: admin only. */
@RestController
@RequestMapping("/api/v1/tokens")
class TokenController {

    static final String NAME = "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$";

    record CreateTokenRequest(
            @NotBlank @Pattern(regexp = NAME, message = "must be a DNS-1123 label") String name,
            @NotNull Role role,
            @Pattern(regexp = NAME, message = "must be a DNS-1123 label") String tenant,
            Instant expiresAt) {
    }

    /** The optional body of a rotation: when the rotated token expires (default: the default lifetime from now). */
    record RotateTokenRequest(Instant expiresAt) {
    }

    private final ApiTokenService tokens;

    TokenController(ApiTokenService tokens) {
        this.tokens = tokens;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    ApiTokenService.IssuedToken create(@Valid @RequestBody CreateTokenRequest request) {
        return tokens.issue(request.name(), request.role(), request.tenant(), request.expiresAt());
    }

    /** A new secret for the token; the previous one keeps working for {@code flotilla.tokens.rotation-grace}. */
    @PostMapping("/{name}/rotate")
    ApiTokenService.IssuedToken rotate(@PathVariable String name,
            @RequestBody(required = false) RotateTokenRequest request) {
        return tokens.rotate(name, request == null ? null : request.expiresAt());
    }

    @GetMapping
    List<ApiTokenService.TokenView> list() {
        return tokens.list();
    }

    @DeleteMapping("/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(@PathVariable String name) {
        tokens.revoke(name);
    }
}
