package dev.flotilla.meta.token;

import dev.flotilla.meta.config.FlotillaProperties;
import dev.flotilla.meta.web.ExpiringCache;
import dev.flotilla.meta.web.FlotillaException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Issues, lists, revokes and resolves portal API tokens. Only SHA-256 hashes are stored. */
@Service
public class ApiTokenService {

    /** A token as listed: never its secret. */
    public record TokenView(String name, Role role, String tenant, Instant createdAt) {
    }

    /** A token just issued: the secret is shown this once. */
    public record IssuedToken(String name, Role role, String tenant, String token) {
    }

    private final JdbcClient jdbc;
    private final ExpiringCache<String, ApiCaller> callers;

    ApiTokenService(JdbcClient jdbc, FlotillaProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.callers = new ExpiringCache<>(properties.agent().credentialCacheTtl(), 10_000, clock);
    }

    @Transactional
    public IssuedToken issue(String name, Role role, String tenant) {
        String secret = Secrets.generate(Secrets.API_PREFIX);
        int inserted = jdbc.sql("""
                        INSERT INTO api_token (name, role, tenant, token_hash) VALUES (?, ?, ?, ?)
                        ON CONFLICT (name) DO NOTHING""")
                .params(name, role.name(), tenant, Secrets.hash(secret))
                .update();
        if (inserted == 0) {
            throw FlotillaException.conflict("a token named '" + name + "' already exists").with("token", name);
        }
        return new IssuedToken(name, role, tenant, secret);
    }

    @Transactional(readOnly = true)
    public List<TokenView> list() {
        return jdbc.sql("SELECT name, role, tenant, created_at FROM api_token ORDER BY name")
                .query((rs, i) -> new TokenView(rs.getString(1), Role.valueOf(rs.getString(2)), rs.getString(3),
                        rs.getTimestamp(4).toInstant()))
                .list();
    }

    @Transactional
    public void revoke(String name) {
        int deleted = jdbc.sql("DELETE FROM api_token WHERE name = ?").param(name).update();
        if (deleted == 0) {
            throw FlotillaException.notFound("token", name);
        }
        callers.evictIf(caller -> caller.tokenName().equals(name));
    }

    /** The caller behind a bearer secret, if it is a live API token. */
    public Optional<ApiCaller> resolve(String secret) {
        return callers.get(Secrets.hash(secret), hash -> jdbc
                .sql("SELECT name, role, tenant FROM api_token WHERE token_hash = ?")
                .param(hash)
                .query((rs, i) -> new ApiCaller(rs.getString(1), Role.valueOf(rs.getString(2)), rs.getString(3)))
                .optional());
    }

    /** Makes sure a token named {@code admin} with this secret exists (the configured first admin token). */
    @Transactional
    public void ensureAdmin(String secret) {
        jdbc.sql("""
                        INSERT INTO api_token (name, role, tenant, token_hash) VALUES ('admin', 'admin', NULL, ?)
                        ON CONFLICT (name) DO UPDATE SET token_hash = EXCLUDED.token_hash, role = 'admin', tenant = NULL,
                            row_version = api_token.row_version + 1""")
                .param(Secrets.hash(secret))
                .update();
        callers.clear();
    }

    @Transactional(readOnly = true)
    public boolean exists(String name) {
        return jdbc.sql("SELECT count(*) FROM api_token WHERE name = ?").param(name).query(Long.class).single() > 0;
    }
}
