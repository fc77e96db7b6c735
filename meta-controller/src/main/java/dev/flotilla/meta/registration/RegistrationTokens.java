package dev.flotilla.meta.registration;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The {@code registration_token} table: each statement joins the caller's transaction. */
@Repository
class RegistrationTokens {

    /** What a counted use hands the registration: the token's settings for the new cluster. */
    record Use(long id, String name, String tenant, Map<String, String> labels, String region, String zone) {
    }

    /** A token as stored, for telling why a use was refused. */
    record Stored(long id, String name, int maxUses, int uses, Instant expiresAt, Instant revokedAt) {
    }

    private static final String COLUMNS = """
            id, name, tenant, labels::text AS labels, region, zone, max_uses, uses, expires_at, revoked_at,
            last_used_at, last_cluster, created_by, created_at""";

    /**
     * One conditional UPDATE: the row lock makes concurrent uses queue, and each re-checks {@code uses < max_uses}
     * on the row as the previous one committed it (PostgreSQL's READ COMMITTED re-evaluates the WHERE clause on the
     * updated row version), so no more than {@code max_uses} ever succeed.
     */
    private static final String USE = """
            UPDATE registration_token SET uses = uses + 1, last_used_at = ?, last_cluster = ?
            WHERE token_hash = ? AND revoked_at IS NULL AND expires_at > ? AND uses < max_uses
            RETURNING id, name, tenant, labels::text AS labels, region, zone""";

    private static final TypeReference<TreeMap<String, String>> LABELS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    RegistrationTokens(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** @return the new token's id, or empty when the name is taken */
    Optional<Long> insert(NewRegistrationToken token, String hash, Instant expiresAt, String createdBy, Instant at) {
        return jdbc.sql("""
                        INSERT INTO registration_token (name, tenant, token_hash, labels, region, zone, max_uses,
                                                        expires_at, created_by, created_at)
                        VALUES (?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (name) DO NOTHING
                        RETURNING id""")
                .params(token.name(), token.tenant(), hash, json.writeValueAsString(new TreeMap<>(token.labels())),
                        token.region(), token.zone(), token.maxUses(), Timestamp.from(expiresAt), createdBy,
                        Timestamp.from(at))
                .query(Long.class).optional();
    }

    List<RegistrationTokenView> list(String tenant, Instant now) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM registration_token WHERE (?::text IS NULL OR tenant = ?) "
                        + "ORDER BY name")
                .params(tenant, tenant)
                .query((rs, i) -> view(rs, now)).list();
    }

    Optional<RegistrationTokenView> find(long id, Instant now) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM registration_token WHERE id = ?").param(id)
                .query((rs, i) -> view(rs, now)).optional();
    }

    /** Marks the token revoked (a second revocation keeps the first time). */
    void revoke(long id, Instant at) {
        jdbc.sql("UPDATE registration_token SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?")
                .params(Timestamp.from(at), id).update();
    }

    /** Counts one use for the named cluster; empty when the token is unknown, revoked, expired or used up. */
    Optional<Use> use(String hash, String cluster, Instant at) {
        Timestamp now = Timestamp.from(at);
        return jdbc.sql(USE).params(now, cluster, hash, now)
                .query((rs, i) -> new Use(rs.getLong("id"), rs.getString("name"), rs.getString("tenant"),
                        json.readValue(rs.getString("labels"), LABELS), rs.getString("region"), rs.getString("zone")))
                .optional();
    }

    /** The token behind a hash, whatever its state. */
    Optional<Stored> stored(String hash) {
        return jdbc.sql("SELECT id, name, max_uses, uses, expires_at, revoked_at FROM registration_token "
                        + "WHERE token_hash = ?")
                .param(hash)
                .query((rs, i) -> new Stored(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getInt(4),
                        instant(rs, "expires_at"), instant(rs, "revoked_at")))
                .optional();
    }

    private RegistrationTokenView view(ResultSet rs, Instant now) throws SQLException {
        int maxUses = rs.getInt("max_uses");
        int uses = rs.getInt("uses");
        Instant expiresAt = instant(rs, "expires_at");
        Instant revokedAt = instant(rs, "revoked_at");
        String state = revokedAt != null ? "REVOKED" : !expiresAt.isAfter(now) ? "EXPIRED"
                : uses >= maxUses ? "USED_UP" : "ACTIVE";
        return new RegistrationTokenView(rs.getLong("id"), rs.getString("name"), rs.getString("tenant"),
                json.readValue(rs.getString("labels"), LABELS), rs.getString("region"), rs.getString("zone"),
                maxUses, uses, state, expiresAt, revokedAt, instant(rs, "last_used_at"), rs.getString("last_cluster"),
                rs.getString("created_by"), instant(rs, "created_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp at = rs.getTimestamp(column);
        return at == null ? null : at.toInstant();
    }
}
