package dev.flotilla.meta.notify;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code webhook} table: each statement joins the caller's transaction. */
@Repository
class Webhooks {

    private static final String COLUMNS = """
            id, name, url, format, event_types, kinds, subjects, tenants, enabled, owner_tenant, created_by,
            created_at, updated_at""";

    private final JdbcClient jdbc;

    Webhooks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return the new hook's id, or empty when the name is taken */
    Optional<Long> insert(WebhookRequest hook, String ownerTenant, String createdBy, Instant at) {
        return jdbc.sql("""
                        INSERT INTO webhook (name, url, secret, format, event_types, kinds, subjects, tenants, enabled,
                                             owner_tenant, created_by, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?::text[], ?::text[], ?::text[], ?::text[], ?, ?, ?, ?, ?)
                        ON CONFLICT (name) DO NOTHING
                        RETURNING id""")
                .params(hook.name(), hook.url(), hook.secret(), hook.format(), array(hook.events()),
                        array(hook.kinds()), array(hook.subjects()), array(hook.tenants()), hook.enabled(),
                        ownerTenant, createdBy, Timestamp.from(at), Timestamp.from(at))
                .query(Long.class).optional();
    }

    /** Replaces the hook's settings; a null secret keeps the stored one. False when the new name is taken. */
    boolean update(long id, WebhookRequest hook, Instant at) {
        return jdbc.sql("""
                        UPDATE webhook SET name = ?, url = ?, secret = coalesce(?, secret), format = ?,
                            event_types = ?::text[], kinds = ?::text[], subjects = ?::text[], tenants = ?::text[],
                            enabled = ?, updated_at = ?
                        WHERE id = ? AND NOT EXISTS (SELECT 1 FROM webhook o WHERE o.name = ? AND o.id <> ?)""")
                .params(hook.name(), hook.url(), hook.secret(), hook.format(), array(hook.events()),
                        array(hook.kinds()), array(hook.subjects()), array(hook.tenants()), hook.enabled(),
                        Timestamp.from(at), id, hook.name(), id)
                .update() == 1;
    }

    boolean delete(long id) {
        return jdbc.sql("DELETE FROM webhook WHERE id = ?").param(id).update() == 1;
    }

    /** Locks the hook's row until the transaction ends (so a rename and a create of its name serialize). */
    Optional<WebhookView> find(long id, boolean lock) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM webhook WHERE id = ?" + (lock ? " FOR NO KEY UPDATE" : ""))
                .param(id).query((rs, i) -> view(rs)).optional();
    }

    /** Hooks by id after {@code afterId}, at most {@code limit}; only the owner tenant's when one is given. */
    List<WebhookView> page(String ownerTenant, long afterId, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM webhook WHERE id > ? AND (?::text IS NULL OR owner_tenant = ?) "
                        + "ORDER BY id LIMIT ?")
                .params(afterId, ownerTenant, ownerTenant, limit).query((rs, i) -> view(rs)).list();
    }

    private static WebhookView view(ResultSet rs) throws SQLException {
        return new WebhookView(rs.getLong("id"), rs.getString("name"), rs.getString("url"), rs.getString("format"),
                list(rs.getArray("event_types")), list(rs.getArray("kinds")), list(rs.getArray("subjects")),
                list(rs.getArray("tenants")), rs.getBoolean("enabled"), rs.getString("owner_tenant"),
                rs.getString("created_by"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }

    static List<String> list(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    private static String[] array(List<String> values) {
        return values.toArray(String[]::new);
    }
}
