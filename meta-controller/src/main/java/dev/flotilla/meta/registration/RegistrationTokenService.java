package dev.flotilla.meta.registration;

import dev.flotilla.meta.cluster.ClusterSyntax;
import dev.flotilla.meta.token.ApiCaller;
import dev.flotilla.meta.token.Secrets;
import dev.flotilla.meta.web.FlotillaException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Issues, lists, shows and revokes registration tokens, within the caller's tenant. */
@Service
public class RegistrationTokenService {

    private static final Logger log = LoggerFactory.getLogger(RegistrationTokenService.class);

    private final RegistrationTokens tokens;
    private final Clock clock;

    RegistrationTokenService(RegistrationTokens tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    @Transactional
    public IssuedRegistrationToken issue(ApiCaller caller, NewRegistrationToken request) {
        ClusterSyntax.checkLabels(request.labels());
        if (!caller.sees(request.tenant())) {
            throw FlotillaException.forbidden("the token is limited to tenant '" + caller.tenant()
                    + "' and cannot issue a registration token for tenant '" + request.tenant() + "'")
                    .with("tenant", request.tenant());
        }
        Instant now = clock.instant();
        Instant expiresAt = now.plus(TokenLifetime.parse(request.ttl()));
        String secret = Secrets.generate(Secrets.REGISTRATION_PREFIX);
        long id = tokens.insert(request, Secrets.hash(secret), expiresAt, caller.tokenName(), now)
                .orElseThrow(() -> FlotillaException.conflict("a registration token named '" + request.name()
                        + "' already exists").with("registrationToken", request.name()));
        log.info("Registration token {} issued for tenant {}: {} uses until {}", request.name(), request.tenant(),
                request.maxUses(), expiresAt);
        return new IssuedRegistrationToken(tokens.find(id, now).orElseThrow(), secret);
    }

    @Transactional(readOnly = true)
    public List<RegistrationTokenView> list(ApiCaller caller) {
        return tokens.list(caller.tenant(), clock.instant());
    }

    @Transactional(readOnly = true)
    public RegistrationTokenView get(ApiCaller caller, long id) {
        return tokens.find(id, clock.instant()).filter(token -> caller.sees(token.tenant()))
                .orElseThrow(() -> FlotillaException.notFound("registration token", String.valueOf(id)));
    }

    /** Stops the token registering clusters; the clusters it added stay. */
    @Transactional
    public RegistrationTokenView revoke(ApiCaller caller, long id) {
        RegistrationTokenView token = get(caller, id);
        tokens.revoke(id, clock.instant());
        log.info("Registration token {} revoked after {} uses", token.name(), token.uses());
        return get(caller, id);
    }
}
