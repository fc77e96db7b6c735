package dev.flotilla.meta.registration;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * A registration token just issued: its view and, this once, the secret (only its hash is kept).
 *
 * @param token the secret agents register with ({@code flr_...})
 */
public record IssuedRegistrationToken(@JsonUnwrapped RegistrationTokenView view, String token) {
}
