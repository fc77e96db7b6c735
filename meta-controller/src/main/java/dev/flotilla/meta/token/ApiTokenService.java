package dev.flotilla.meta.token;

import dev.flotilla.meta.config.FlotillaProperties;
import dev.flotilla.meta.web.ExpiringCache;
import dev.flotilla.meta.web.FlotillaException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Issues, lists, rotates, revokes and resolves portal API tokens. Only SHA-256 hashes are stored. A token
 * expires at its {@code expiresAt} (never for the admin bootstrap token); a rotated token's previous secret keeps
 * working for {@code flotilla.tokens.rotation-grace}.
 */
@Service
public class ApiTokenService {

    /**
     * A token as listed: never its secret.
     *
     * @param expiresAt when it stops working, or null for never
     * @param lastUsedAt when it was last used, to within {@code flotilla.tokens.last-used-interval}; null if never
     * @param rotatedAt when its secret was last rotated, or null
     * @param previousSecretValidUntil until when the secret replaced by the last rotation still works, or null
     */
    public record TokenView(String name, Role role, String tenant, Instant createdAt, Instant expiresAt,
            Instant lastUsedAt, Instant rotatedAt, Instant previousSecretValidUntil) {
    }

    /** A token just issued or rotated: the secret is shown this once. */
    public record IssuedToken(String name, Role role, String tenant, String token, Instant expiresAt) {
    }

    /** What a secret hash resolves to: the caller and until when this secret works (null: no end). */
    private record Resolved(ApiCaller caller, Instant validUntil, boolean previous) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final TokenProperties settings;
    private final TokenUses uses;
    private final ExpiringCache<String, Resolved> callers;

    ApiTokenService(JdbcClient jdbc, FlotillaProperties properties, TokenProperties settings, TokenUses uses,
            Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.settings = settings;
        this.uses = uses;
        this.callers = new ExpiringCache<>(properties.agent().credentialCacheTtl(), 10_000, clock);
    }

    /** Issues a token; {@code expiresAt} null means the default lifetime ({@code flotilla.tokens.default-ttl}). */
    @Transactional
    public IssuedToken issue(String name, Role role, String tenant, Instant expiresAt) {
        Instant expires = expiry(expiresAt);
        String secret = Secrets.generate(Secrets.API_PREFIX);
        int inserted = jdbc.sql("""
                        INSERT INTO api_token (name, role, tenant, token_hash, expires_at) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (name) DO NOTHING""")
                .params(name, role.name(), tenant, Secrets.hash(secret), Timestamp.from(expires))
                .update();
        if (inserted == 0) {
            throw FlotillaException.conflict("a token named '" + name + "' already exists").with("token", name);
        }
        return new IssuedToken(name, role, tenant, secret, expires);
    }

    /**
     * Gives the token a new secret. The old one keeps working for the rotation grace (but never past the token's
     * old expiry). The token then lives until {@code expiresAt}, by default the default lifetime from now; a token
     * that never expired (the admin bootstrap token) keeps never expiring unless {@code expiresAt} is given.
     */
    @Transactional
    public IssuedToken rotate(String name, Instant expiresAt) {
        Instant now = now();
        Boolean expiring = jdbc.sql("SELECT expires_at IS NOT NULL FROM api_token WHERE name = ? FOR UPDATE")
                .param(name).query(Boolean.class).optional()
                .orElseThrow(() -> FlotillaException.notFound("token", name));
        Instant expires = expiresAt != null || expiring ? expiry(expiresAt) : null;
        String secret = Secrets.generate(Secrets.API_PREFIX);
        IssuedToken issued = jdbc.sql("""
                        UPDATE api_token SET previous_token_hash = token_hash,
                            previous_valid_until = LEAST(?::timestamptz, expires_at),
                            token_hash = ?, expires_at = ?, rotated_at = ?, row_version = row_version + 1
                        WHERE name = ?
                        RETURNING role, tenant""")
                .params(Timestamp.from(now.plus(settings.rotationGrace())), Secrets.hash(secret),
                        expires == null ? null : Timestamp.from(expires), Timestamp.from(now), name)
                .query((rs, i) -> new IssuedToken(name, Role.valueOf(rs.getString(1)), rs.getString(2), secret,
                        expires))
                .single();
        callers.evictIf(resolved -> resolved.caller().tokenName().equals(name));
        return issued;
    }

    @Transactional(readOnly = true)
    public List<TokenView> list() {
        Instant now = now();
        return jdbc.sql("""
                        SELECT name, role, tenant, created_at, expires_at, last_used_at, rotated_at, previous_valid_until
                        FROM api_token ORDER BY name""")
                .query((rs, i) -> {
                    Instant previous = instant(rs.getTimestamp(8));
                    return new TokenView(rs.getString(1), Role.valueOf(rs.getString(2)), rs.getString(3),
                            rs.getTimestamp(4).toInstant(), instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6)),
                            instant(rs.getTimestamp(7)), previous != null && previous.isAfter(now) ? previous : null);
                })
                .list();
    }

    @Transactional
    public void revoke(String name) {
        int deleted = jdbc.sql("DELETE FROM api_token WHERE name = ?").param(name).update();
        if (deleted == 0) {
            throw FlotillaException.notFound("token", name);
        }
        callers.evictIf(resolved -> resolved.caller().tokenName().equals(name));
    }

    /**
     * The caller behind a bearer secret, if it is an API token's current secret or its previous one within the
     * rotation grace. An expired one is refused with a 401 problem naming when it expired.
     */
    public Optional<ApiCaller> resolve(String secret) {
        Optional<Resolved> found = callers.get(Secrets.hash(secret), hash -> jdbc
                .sql("""
                        SELECT name, role, tenant, token_hash = ? AS current, expires_at, previous_valid_until
                        FROM api_token WHERE token_hash = ? OR previous_token_hash = ?""")
                .params(hash, hash, hash)
                .query((rs, i) -> {
                    boolean current = rs.getBoolean(4);
                    return new Resolved(new ApiCaller(rs.getString(1), Role.valueOf(rs.getString(2)),
                            rs.getString(3)), instant(rs.getTimestamp(current ? 5 : 6)), !current);
                })
                .optional());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Resolved resolved = found.get();
        Instant now = now();
        if (resolved.validUntil() != null && !now.isBefore(resolved.validUntil())) {
            String name = resolved.caller().tokenName();
            throw FlotillaException.unauthorized(resolved.previous()
                            ? "the API token '" + name + "' was rotated and its previous secret stopped working at "
                                    + resolved.validUntil() + "; use the new secret"
                            : "the API token '" + name + "' expired at " + resolved.validUntil()
                                    + "; issue a new one or rotate it before it expires")
                    .with("token", name).with("expiredAt", resolved.validUntil().toString());
        }
        uses.used(resolved.caller().tokenName(), now);
        return Optional.of(resolved.caller());
    }

    /** Makes sure a token named {@code admin} with this secret exists (the configured first admin token). */
    @Transactional
    public void ensureAdmin(String secret) {
        jdbc.sql("""
                        INSERT INTO api_token (name, role, tenant, token_hash) VALUES ('admin', 'admin', NULL, ?)
                        ON CONFLICT (name) DO UPDATE SET token_hash = EXCLUDED.token_hash, role = 'admin', tenant = NULL,
                            expires_at = NULL, previous_token_hash = NULL, previous_valid_until = NULL,
                            row_version = api_token.row_version + 1""")
                .param(Secrets.hash(secret))
                .update();
        callers.clear();
    }

    @Transactional(readOnly = true)
    public boolean exists(String name) {
        return jdbc.sql("SELECT count(*) FROM api_token WHERE name = ?").param(name).query(Long.class).single() > 0;
    }

    /** The expiry a request asked for, checked, or the default one. */
    private Instant expiry(Instant requested) {
        Instant now = now();
        if (requested == null) {
            return now.plus(settings.defaultTtl());
        }
        if (!requested.isAfter(now)) {
            throw FlotillaException.badInput("expiresAt " + requested + " is not in the future")
                    .with("field", "expiresAt");
        }
        Instant latest = now.plus(settings.maxTtl());
        if (requested.isAfter(latest)) {
            throw FlotillaException.badInput("expiresAt " + requested + " is beyond the longest token lifetime of "
                            + settings.maxTtl() + " (flotilla.tokens.max-ttl): " + latest + " at the latest")
                    .with("field", "expiresAt");
        }
        return requested;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
