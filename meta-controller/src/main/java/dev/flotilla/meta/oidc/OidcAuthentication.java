package dev.flotilla.meta.oidc;

import dev.flotilla.meta.token.ApiCaller;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.core.convert.converter.Converter;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestTemplate;

/**
 * The pieces Spring Security's OAuth2 resource server needs to accept an identity provider's JWTs on the portal
 * API ({@code flotilla.auth.oidc.*}): which bearer values are JWTs, how they are decoded and validated (signature
 * by the provider's keys, {@code exp}/{@code nbf}, issuer, audience) and which caller each one is. The agent API
 * never takes them: it keeps its own agent tokens.
 */
@Component
public class OidcAuthentication {

    /** Three base64url parts: a JWS in compact form. API, agent and bootstrap secrets never look like this. */
    private static final Pattern JWT = Pattern.compile("^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*$");
    private static final int MAX_JWT_CHARS = 16 * 1024;

    private final OidcProperties properties;
    private final OidcCallers callers;
    private final JwtDecoder decoder;

    OidcAuthentication(OidcProperties properties, Clock clock) {
        this.properties = properties;
        this.callers = new OidcCallers(properties);
        if (properties.enabled() && (properties.audience() == null || properties.audience().isBlank())) {
            throw new IllegalStateException("flotilla.auth.oidc.audience must be set when flotilla.auth.oidc is: "
                    + "without it any token of the identity provider, issued for any application, would be taken");
        }
        this.decoder = properties.enabled() ? decoder(properties, clock) : null;
    }

    public boolean enabled() {
        return properties.enabled();
    }

    public OidcProperties properties() {
        return properties;
    }

    public JwtDecoder decoder() {
        return decoder;
    }

    /** The bearer value of a portal API request when it is a JWT; null otherwise (API tokens, agent API). */
    public BearerTokenResolver bearerTokens() {
        return OidcAuthentication::jwtOf;
    }

    static String jwtOf(HttpServletRequest request) {
        if (!request.getRequestURI().startsWith("/api/")) {
            return null;
        }
        String header = request.getHeader("Authorization");
        if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = header.substring(7).strip();
        return token.length() <= MAX_JWT_CHARS && JWT.matcher(token).matches() ? token : null;
    }

    /** The authentication of a validated JWT: an {@link ApiCaller} with its role, or an {@link UnmappedIdentity}. */
    public Converter<Jwt, AbstractAuthenticationToken> authentications() {
        return jwt -> {
            OidcCallers.Mapping mapping = callers.map(jwt);
            if (mapping instanceof OidcCallers.Mapped mapped) {
                return UsernamePasswordAuthenticationToken.authenticated(mapped.caller(), jwt,
                        List.of(new SimpleGrantedAuthority(mapped.caller().role().authority())));
            }
            // authenticated but holding no authority: every protected call is a 403 saying why
            return UsernamePasswordAuthenticationToken.authenticated(mapping, jwt, List.of());
        };
    }

    private static JwtDecoder decoder(OidcProperties properties, Clock clock) {
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        JwtTimestampValidator timestamps = new JwtTimestampValidator(properties.clockSkew());
        timestamps.setClock(clock);
        validators.add(timestamps);
        if (properties.issuerUri() != null) {
            validators.add(new JwtIssuerValidator(properties.issuerUri().toString()));
        }
        validators.add(audience(properties.audience().strip()));
        OAuth2TokenValidator<Jwt> validator = new DelegatingOAuth2TokenValidator<>(validators);
        SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(Duration.ofSeconds(5));
        requests.setReadTimeout(Duration.ofSeconds(5));
        RestTemplate http = new RestTemplate(requests);
        // built at the first token, not at start: the identity provider being down must not stop the service
        SupplierJwtDecoder lazy = new SupplierJwtDecoder(() -> {
            NimbusJwtDecoder nimbus = (properties.jwkSetUri() != null
                    ? NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri().toString()).restOperations(http)
                    : NimbusJwtDecoder.withIssuerLocation(properties.issuerUri().toString()).restOperations(http))
                    .build();
            nimbus.setJwtValidator(validator);
            return nimbus;
        });
        return token -> {
            try {
                return lazy.decode(token);
            } catch (JwtException e) {
                throw e;
            } catch (RuntimeException e) {
                // the provider's discovery document or keys could not be read: not the caller's fault
                throw new JwtException("the identity provider " + (properties.issuerUri() != null
                        ? properties.issuerUri() : properties.jwkSetUri()) + " could not be reached: " + e.getMessage(),
                        e);
            }
        };
    }

    private static OAuth2TokenValidator<Jwt> audience(String audience) {
        return jwt -> {
            List<String> audiences = jwt.getAudience() == null ? List.of() : jwt.getAudience();
            return audiences.contains(audience) ? OAuth2TokenValidatorResult.success()
                    : OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
                            "the token is for audience " + audiences + ", not for '" + audience
                                    + "' (flotilla.auth.oidc.audience)", null));
        };
    }
}
