package dev.flotilla.meta.registration;

import dev.flotilla.meta.token.ApiCaller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/registration-tokens}: admin only. */
@RestController
@RequestMapping("/api/v1/registration-tokens")
@Tag(name = "Registration tokens", description = "Reusable tokens with which agents add their own clusters")
class RegistrationTokenController {

    private final RegistrationTokenService tokens;

    RegistrationTokenController(RegistrationTokenService tokens) {
        this.tokens = tokens;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Issue a registration token; the answer holds its secret, shown this once")
    IssuedRegistrationToken create(@AuthenticationPrincipal ApiCaller caller,
            @Valid @RequestBody NewRegistrationToken request) {
        return tokens.issue(caller, request);
    }

    @GetMapping
    List<RegistrationTokenView> list(@AuthenticationPrincipal ApiCaller caller) {
        return tokens.list(caller);
    }

    @GetMapping("/{id}")
    RegistrationTokenView get(@AuthenticationPrincipal ApiCaller caller, @PathVariable long id) {
        return tokens.get(caller, id);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Revoke a registration token; the clusters it added stay")
    void revoke(@AuthenticationPrincipal ApiCaller caller, @PathVariable long id) {
        tokens.revoke(caller, id);
    }
}
