package dev.flotilla.meta.audit;

import dev.flotilla.meta.token.ApiCaller;
import dev.flotilla.meta.web.Page;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/** Writes audit records and reads them back, newest first, one keyset page at a time. */
@Component
public class AuditLog {

    /** The filters of {@code GET /api/v1/audit}; null: any. */
    record Filter(String actor, String resourceType, String resourceId, String action, Instant since) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ObjectMapper json;

    AuditLog(JdbcClient jdbc, Clock clock, ObjectMapper json) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.json = json;
    }

    /** Writes a record in the current transaction (the change's, or a failure's own). */
    void record(AuditEntry e) {
        jdbc.sql("""
                        INSERT INTO audit_record (at, actor, actor_name, tenant, action, resource_type, resource_id,
                                                  method, path, request_summary, status, problem_type, replayed)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC), cap(e.actor(), 255),
                        cap(e.actorName(), 255), cap(e.tenant(), 63), cap(e.action(), 128), cap(e.resourceType(), 64),
                        cap(e.resourceId(), 255), e.method(), cap(e.path(), 2048), e.requestSummary(), e.status(),
                        cap(e.problemType(), 255), e.replayed())
                .update();
    }

    /** A statement and its parameters. */
    record Query(String sql, List<Object> params) {
    }

    /** A page of records the caller may read: a tenant-scoped caller only its tenant's. */
    Page<AuditRecord> page(ApiCaller caller, Filter filter, String cursor, int limit) {
        Query query = query(caller, filter, cursor, limit);
        List<AuditRecord> rows = jdbc.sql(query.sql()).params(query.params()).query((rs, i) -> record(rs)).list();
        return Page.of(rows, limit, r -> Long.toString(r.id()));
    }

    /** The query of a page: newest first by id, one more row than the limit (it says whether there is more). */
    static Query query(ApiCaller caller, Filter filter, String cursor, int limit) {
        StringBuilder sql = new StringBuilder("""
                SELECT id, at, actor, actor_name, tenant, action, resource_type, resource_id, request_summary,
                       status, problem_type, replayed
                FROM audit_record WHERE id < ?""");
        List<Object> params = new ArrayList<>(List.of(Page.decodeLong(cursor, Long.MAX_VALUE)));
        if (caller.tenant() != null) {
            sql.append(" AND tenant = ?");
            params.add(caller.tenant());
        }
        if (filter.actor() != null) {
            sql.append(" AND actor = ?");
            params.add(filter.actor());
        }
        if (filter.resourceType() != null) {
            sql.append(" AND resource_type = ?");
            params.add(filter.resourceType());
        }
        if (filter.resourceId() != null) {
            sql.append(" AND resource_id = ?");
            params.add(filter.resourceId());
        }
        if (filter.action() != null) {
            sql.append(" AND action = ?");
            params.add(filter.action());
        }
        if (filter.since() != null) {
            sql.append(" AND at >= ?");
            params.add(OffsetDateTime.ofInstant(filter.since(), ZoneOffset.UTC));
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        params.add(limit + 1);
        return new Query(sql.toString(), params);
    }

    private AuditRecord record(ResultSet rs) throws SQLException {
        String summary = rs.getString("request_summary");
        return new AuditRecord(rs.getLong("id"), rs.getObject("at", OffsetDateTime.class).toInstant(),
                rs.getString("actor"), rs.getString("actor_name"), rs.getString("tenant"), rs.getString("action"),
                rs.getString("resource_type"), rs.getString("resource_id"),
                summary == null ? null : json.readTree(summary), rs.getInt("status"), rs.getString("problem_type"),
                rs.getBoolean("replayed"));
    }

    private static String cap(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
